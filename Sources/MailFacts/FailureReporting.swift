/// A fact value that can say "this could not be determined". The rule engine's one
/// convention for "cannot judge": a fact a rule `requires` fails when its `outcome` is a
/// failure value of a `FailureReporting` outcome type, or its `status` is a failure value of
/// a status type (see `JudgedFailures`). Every conforming type decides `isFailure` in an
/// exhaustive switch, so a new case is a compile error until someone says what it means.
public protocol FailureReporting {
    /// Nothing can be concluded from this value: judge `error`, never pass or fail.
    var isFailure: Bool { get }
}

/// The values that make a required fact "cannot judge", derived from the outcome and
/// status types themselves (never a hand-kept list).
public enum JudgedFailures {
    /// `outcome` values of lookups (DNS) and probe runs (SMTP, HTTPS) that leave nothing to judge.
    public static let outcomes: Set<String> = Set(
        LookupOutcome.allCases.filter(\.isFailure).map(\.rawValue)
            + ProbeRunOutcome.allCases.filter(\.isFailure).map(\.rawValue))

    /// `status` values of the record parts (SPF, DMARC, MTA-STS, TLS-RPT, BIMI) whose lookup failed.
    public static let statuses: Set<String> = Set(
        SPFPolicyStatus.allCases.filter(\.isFailure).map(\.rawValue)
            + DMARCPolicyStatus.allCases.filter(\.isFailure).map(\.rawValue)
            + PolicyRecordStatus.allCases.filter(\.isFailure).map(\.rawValue))
}
