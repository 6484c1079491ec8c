import RuleEngine

/// The lowest outcome that makes the exit code non-zero (`--fail-on`).
public enum FailureThreshold: String, Sendable, CaseIterable {
    /// Warnings exit 1, failures 2.
    case warn
    /// Warnings exit 0; failures 2.
    case fail
    /// Only findings that are new, or worse, since the baseline or the domain's previous
    /// run in the history count (warnings 1, failures 2, errors 3); a domain seen for the
    /// first time counts whole, as with `warn`.
    case new

    /// Whether a counted finding of `outcome` fails under this threshold: a failure always, a
    /// warning unless only failures count. (Under `new`, what counts is decided by the
    /// changes, `ExitStatus(news:)`; a finding itself fails as under `warn`.) Errors are not
    /// failures: they are UNKNOWN.
    public func fails(_ outcome: Outcome) -> Bool {
        switch outcome {
        case .fail: return true
        case .warn: return self != .fail
        default: return false
        }
    }
}
