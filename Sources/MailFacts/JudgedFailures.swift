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

    /// The prefix of a one-string lookup that failed inside a record walk (`SPFNodeLookup`,
    /// `WalkLookup`): `failed: <why>`.
    public static let failedLookupPrefix = FailedLookupText.prefix
}
