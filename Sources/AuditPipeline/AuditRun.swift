import Collector
import Reports

/// One audit run, the same for every caller (`mailaudit audit`, the benchmark): each domain
/// collected and judged (`Auditor`), compared with its previous run or the baseline and
/// recorded (`RunRecorder`), then handed to the caller's writer as soon as it is ready. How
/// the run ends is the caller's to say, once its report is written or not: `end(status:)`
/// marks it complete in the history with its exit status, or (nil: a signal stopped it, or
/// its report could not be written) leaves it incomplete, with every domain recorded so far.
public struct AuditRun: Sendable {
    public let auditor: Auditor
    public let collector: DomainCollector
    public let recorder: RunRecorder
    /// Domains audited at once.
    public let concurrency: Int

    public init(auditor: Auditor, collector: DomainCollector, recorder: RunRecorder = RunRecorder(), concurrency: Int) {
        self.auditor = auditor
        self.collector = collector
        self.recorder = recorder
        self.concurrency = concurrency
    }

    /// Every target audited, recorded and handed to `write` (in the order given with
    /// `inOrder`, else as each finishes); no further domain starts once `stopped` is true.
    /// Returns how many were handed on. When judging or `write` throws, the run is left
    /// incomplete in the history and the error is rethrown.
    public func run(_ targets: [CollectionTarget], inOrder: Bool = false, stopped: @Sendable () -> Bool = { false },
                    write: (AuditedDomain) async throws -> Void) async throws -> Int {
        var handed = 0
        do {
            try await auditor.audit(targets, with: collector, concurrency: concurrency, inOrder: inOrder, stopped: stopped) { audited in
                let report = await recorder.process(audited.report, position: audited.index)
                try await write(AuditedDomain(index: audited.index, report: report))
                handed += 1
            }
        } catch {
            await recorder.abandon()
            throw error
        }
        return handed
    }

    /// Ends the run in the history: complete with `status`, or incomplete (nil).
    public func end(status: ExitStatus?) async {
        if let status { await recorder.finish(exitStatus: status) } else { await recorder.abandon() }
    }
}
