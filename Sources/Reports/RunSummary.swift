/// The totals of a run across its domains, with its exit status, for consumers that want
/// the run's verdict without adding up the domains.
public struct RunSummary: Codable, Sendable, Equatable {
    public var domains = 0
    /// Domains that could not be audited at all (also counted in `error`).
    public var notAudited = 0
    public var pass = 0, info = 0, warn = 0, fail = 0, error = 0, notApplicable = 0
    public var waived = 0, superseded = 0, blocked = 0
    /// Of the n/a findings, those whose input was not measured (`Finding.notTested`).
    public var notTested: Int?
    /// The exit code of the run (0 ok, 1 warnings, 2 failures, 3 errors or not audited, and
    /// nothing worse: `ExitStatus`'s order).
    public var exitStatus: Int32
    /// The run was stopped by a signal (`exitStatus` is then 130 or 143).
    public var interrupted: RunInterruption?

    /// Summary keys are spelled as the outcomes are (`n/a`).
    enum CodingKeys: String, CodingKey {
        case domains, notAudited, pass, info, warn, fail, error, notApplicable = "n/a", waived, superseded, blocked, notTested, exitStatus, interrupted
    }

    /// Lines of the domains list that could not be used make the run's status at least 3.
    public mutating func addInput(_ input: RunInput?) {
        guard let input, !input.errors.isEmpty, interrupted == nil else { return }
        exitStatus = max(ExitStatus(rawValue: exitStatus) ?? .ok, .couldNotAudit).rawValue
    }

    /// Marks the run as stopped by a signal: its exit status becomes the signal's.
    public mutating func interrupt(_ interruption: RunInterruption?) {
        guard let interruption else { return }
        interrupted = interruption
        exitStatus = interruption.exitStatus
    }

    public init(_ reports: [DomainReport], failOn threshold: FailureThreshold) {
        exitStatus = ExitStatus.ok.rawValue
        for report in reports { add(report, failOn: threshold) }
    }

    /// Counts one more domain (a report written as it comes, `JSONReportStream`).
    public mutating func add(_ report: DomainReport, failOn threshold: FailureThreshold) {
        let s = report.summary
        domains += 1
        if s.collectionError != nil { notAudited += 1 }
        pass += s.pass; info += s.info; warn += s.warn; fail += s.fail; error += s.error
        notApplicable += s.notApplicable; waived += s.waived; superseded += s.superseded; blocked += s.blocked
        if let untested = s.notTested { notTested = (notTested ?? 0) + untested }
        guard interrupted == nil else { return }
        exitStatus = max(ExitStatus(rawValue: exitStatus) ?? .ok, report.exitStatus(failOn: threshold)).rawValue
    }
}
