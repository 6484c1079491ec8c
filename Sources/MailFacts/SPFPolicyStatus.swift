public enum SPFPolicyStatus: String, Codable, Sendable, Equatable, CaseIterable, FailureReporting {
    /// One syntactically valid record, and the tree stays within the limits.
    case valid
    /// No SPF record (the lookup was definite).
    case none
    /// More than one SPF record: permerror (§4.5).
    case multipleRecords = "multiple-records"
    /// A record in the tree has a syntax error, a limit is exceeded, or an include or
    /// redirect target has no record: the evaluation ends in permerror.
    case invalid
    /// The TXT lookup at the domain failed: nothing can be said.
    case lookupFailed = "lookup-failed"

    public var isFailure: Bool {
        switch self {
        case .valid, .none, .multipleRecords, .invalid: false
        case .lookupFailed: true
        }
    }
}
