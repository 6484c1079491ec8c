import Drift
/// mailaudit's exit codes, as monitoring plugins read them (OK, WARNING, CRITICAL, UNKNOWN).
/// Every command maps its result here; nothing else decides an exit code.
public enum ExitStatus: Int32, Sendable, Comparable, CaseIterable {
    /// Everything passed, or only notes.
    case ok = 0
    /// Warnings (unless `--fail-on fail`).
    case warnings = 1
    /// Failures.
    case failures = 2
    /// Errors (a rule could not judge), bad input, or a domain that could not be audited.
    case couldNotAudit = 3

    /// The status a domain's findings lead to.
    public init(_ summary: FindingSummary, failOn threshold: FailureThreshold) {
        if summary.collectionError != nil || summary.error > 0 {
            self = .couldNotAudit
        } else if summary.fail > 0 {
            self = .failures
        } else if summary.warn > 0 && threshold != .fail {
            self = .warnings
        } else {
            self = .ok
        }
    }

    /// The status the changes since the earlier audit lead to, for `--fail-on new`.
    public init(news: [FindingChange], collectionError: String?) {
        if collectionError != nil || news.contains(where: { $0.to == .error }) {
            self = .couldNotAudit
        } else if news.contains(where: { $0.to == .fail }) {
            self = .failures
        } else if news.contains(where: { $0.to == .warn }) {
            self = .warnings
        } else {
            self = .ok
        }
    }

    public static func < (lhs: ExitStatus, rhs: ExitStatus) -> Bool { lhs.rawValue < rhs.rawValue }
}
