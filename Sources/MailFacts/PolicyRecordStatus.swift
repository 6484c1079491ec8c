public enum PolicyRecordStatus: String, Codable, Sendable, Equatable, CaseIterable, FailureReporting {
    case valid, invalid, none
    case multipleRecords = "multiple-records"
    case lookupFailed = "lookup-failed"

    public var isFailure: Bool {
        switch self {
        case .valid, .invalid, .none, .multipleRecords: false
        case .lookupFailed: true
        }
    }
}
