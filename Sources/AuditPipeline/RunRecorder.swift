import Drift
import Foundation
import History
import MailFacts
import Reports
import RuleEngine

/// Ties a run to its history and baseline: opens the history and records the run's start,
/// attaches to each domain's report what changed since its previous run (or the baseline),
/// records it, and marks the run complete. A history that cannot be opened or written does
/// not stop the audit: the report is still written, and the problem is reported once at the
/// end (exit 3), so nothing collected is lost. An actor: the run hands it one report at a
/// time, and its writes in the background report back to it.
public actor RunRecorder {
    private var history: RunHistory?
    private var runID: Int64?
    private let baseline: (any DriftBaseline)?
    /// Problems met on the way (history, baseline), reported once at the end.
    public private(set) var problems: [String] = []

    /// Whether each report gets its timeline of earlier runs (only the HTML report shows it:
    /// one query per domain saved otherwise).
    private let timelines: Bool

    /// `--remind-after`: days after which an unchanged problem is news again.
    private let remindAfterDays: Int?

    public init(baseline: (any DriftBaseline)? = nil, problems: [String] = [], timelines: Bool = false, remindAfterDays: Int? = nil) {
        self.baseline = baseline
        self.remindAfterDays = remindAfterDays
        self.problems = problems
        self.timelines = timelines
    }

    /// Opens the history at `location` (if any) and records the start of the run.
    public func open(_ location: String?, start: RunStart) async {
        guard let location else { return }
        do {
            let history = try await RunHistory.open(HistoryLocation(location))
            self.history = history
            runID = try await history.beginRun(start)
            began = .now
        } catch {
            problem(error.description + " (the report is still written; this run is not in the history)")
            await history?.close()
            history = nil
        }
    }

    public var recording: Bool { history != nil && runID != nil }
    /// When the run was recorded as begun: its duration is kept in milliseconds.
    private var began: ContinuousClock.Instant?

    /// The report with its changes attached, recorded in the history.
    /// `position`: the domain's place in the run's list, recorded with it.
    public func process(_ report: DomainReport, position: Int? = nil) async -> DomainReport {
        var report = report
        if let baseline {
            // Each problem keeps the time it began, so that --remind-after can count its days.
            if let earlier = baseline.earlier(for: report) {
                report.findings = DomainDrift.carryingSince(report.findings, laterTime: report.facts.collectedAt,
                                                            earlier: earlier.findings, earlierTime: earlier.time)
            }
            report.changes = baseline.drift(for: report, remindAfterDays: remindAfterDays)
        } else if let history, let runID {
            do {
                if let previous = try await history.latest(domain: report.domain, before: runID) {
                    let earlier = try await DomainDriftFromHistory.earlier(for: report, previous: previous, in: history)
                    report.findings = DomainDrift.carryingSince(report.findings, laterTime: report.facts.collectedAt,
                                                                earlier: earlier.findings, earlierTime: earlier.time)
                    report.changes = DomainDriftFromHistory.make(report, earlier: earlier, remindAfterDays: remindAfterDays)
                } else {
                    report.findings = DomainDrift.carryingSince(report.findings, laterTime: report.facts.collectedAt,
                                                                earlier: [], earlierTime: report.facts.collectedAt)
                }
                if timelines { report.timeline = try await TimelinePoint.of(report, in: history, before: runID, thisRun: runID) }
            } catch {
                problem((error as? HistoryError)?.description ?? "\(error)")
            }
        }
        if let history, let runID, !writeFailed {
            // Written in the background, one domain after another, so the audit does not wait
            // for the database; at most `pendingLimit` reports wait to be written.
            let previous = writes.last
            let write = Task { [report] in
                await previous?.value
                guard !self.writeFailed else { return }
                do {
                    try await history.record(report, run: runID, position: position)
                } catch {
                    self.failedWriting(((error as? HistoryError)?.description ?? "\(error)") + " (the report is still written; the history holds this run only in part)")
                }
            }
            writes.append(write)
            if writes.count > Self.pendingLimit { await writes.removeFirst().value }
        }
        return report
    }

    static let pendingLimit = 64
    private var writes: [Task<Void, Never>] = []
    private var writeFailed = false

    private func failedWriting(_ text: String) {
        problem(text)
        writeFailed = true
    }

    public func finish(exitStatus: ExitStatus) async {
        for write in writes { await write.value }
        writes = []
        guard let history, let runID else { return }
        self.history = nil
        guard !writeFailed else {
            await history.close()
            return
        }
        do {
            let elapsed = began.map { ContinuousClock.now - $0 }
            try await history.finishRun(runID, finishedAt: ISO8601DateFormatter().string(from: Date()), exitStatus: exitStatus.rawValue,
                                        durationMilliseconds: elapsed.map { $0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000 })
        } catch {
            problem(error.description)
        }
        await history.close()
    }

    /// Ends the run without marking it complete (a signal stopped it, or its report could not
    /// be written): the history keeps every domain recorded so far, in a run that shows as
    /// `incomplete`, which `history show` and the monitoring outputs do not take for a whole run.
    public func abandon() async {
        for write in writes { await write.value }
        writes = []
        guard let history else { return }
        self.history = nil
        await history.close()
    }

    private func problem(_ text: String) {
        if !problems.contains(text) { problems.append(text) }
    }
}
