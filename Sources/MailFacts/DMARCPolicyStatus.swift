public enum DMARCPolicyStatus: String, Codable, Sendable, Equatable, CaseIterable, FailureReporting {
    /// A valid record at `_dmarc.<domain>`.
    case found
    /// No record at the domain; a parent's applies.
    case inherited
    /// No record at the domain or any parent.
    case none
    /// The record that applies is not valid (see `record.errors`).
    case invalid
    /// More than one DMARC record at the domain: none applies (RFC 7489 §6.6.3).
    case multipleRecords = "multiple-records"
    /// A lookup failed before a record was found: nothing can be said.
    case lookupFailed = "lookup-failed"

    public var isFailure: Bool {
        switch self {
        case .found, .inherited, .none, .invalid, .multipleRecords: false
        case .lookupFailed: true
        }
    }
}
