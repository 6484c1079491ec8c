import Drift
/// mailaudit's exit codes, as monitoring plugins read them (OK, WARNING, CRITICAL, UNKNOWN).
/// Every command maps its result here; nothing else decides an exit code.
///
/// Worst first, in the monitoring-plugins order: CRITICAL (2) > WARNING (1) > UNKNOWN (3) > OK (0).
/// A definite failure found anywhere in a run outranks a rule that could not judge, a
/// domain that could not be audited, or a history that could not be written: one refused
/// lookup must not turn a run with an expired certificate into UNKNOWN. The errors are
/// still listed with the failures in every format. `Comparable` follows this order, so the
/// `max` of several statuses is the worst.
public enum ExitStatus: Int32, Sendable, Comparable, CaseIterable {
    /// Everything passed, or only notes.
    case ok = 0
    /// Warnings (unless `--fail-on fail`).
    case warnings = 1
    /// Failures.
    case failures = 2
    /// Errors (a rule could not judge), bad input, or a domain that could not be audited,
    /// and no failure or warning to report.
    case couldNotAudit = 3

    /// The status a domain's findings lead to.
    public init(_ summary: FindingSummary, failOn threshold: FailureThreshold) {
        if summary.fail > 0 {
            self = .failures
        } else if summary.warn > 0 && threshold.fails(.warn) {
            self = .warnings
        } else if summary.collectionError != nil || summary.error > 0 {
            self = .couldNotAudit
        } else {
            self = .ok
        }
    }

    /// The status the changes since the earlier audit lead to, for `--fail-on new`.
    public init(news: [FindingChange], collectionError: String?) {
        if news.contains(where: { $0.to == .fail }) {
            self = .failures
        } else if news.contains(where: { $0.to == .warn }) {
            self = .warnings
        } else if collectionError != nil || news.contains(where: { $0.to == .error }) {
            self = .couldNotAudit
        } else {
            self = .ok
        }
    }

    /// The position in the monitoring-plugins order: OK, UNKNOWN, WARNING, CRITICAL.
    public var severityRank: Int {
        switch self {
        case .ok: return 0
        case .couldNotAudit: return 1
        case .warnings: return 2
        case .failures: return 3
        }
    }

    /// The plugin state's name.
    public var stateName: String {
        switch self {
        case .ok: return "OK"
        case .warnings: return "WARNING"
        case .failures: return "CRITICAL"
        case .couldNotAudit: return "UNKNOWN"
        }
    }

    public static func < (lhs: ExitStatus, rhs: ExitStatus) -> Bool { lhs.severityRank < rhs.severityRank }
}
