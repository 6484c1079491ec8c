public enum LookupOutcome: String, Codable, Sendable, Equatable, CaseIterable, FailureReporting {
    /// Records of the asked type exist.
    case records
    /// The name exists without records of this type (RFC 2308 NODATA): the record is absent.
    case nodata
    /// The name does not exist (RFC 2308 NXDOMAIN): the record is absent.
    case nxdomain
    case servfail
    case refused
    case otherRcode = "other-rcode"
    case timeout
    case networkError = "network-error"
    case malformed
    case invalidName = "invalid-name"
    /// The domain's deadline passed before the answer came.
    case deadlineExceeded = "deadline-exceeded"

    /// The lookup says for certain whether the record exists.
    public var isDefinite: Bool { !isFailure }
    /// The record is known to be absent.
    public var isAbsent: Bool { self == .nodata || self == .nxdomain }
    /// Nothing can be concluded: judge as `error`, never as "missing".
    public var isFailure: Bool {
        switch self {
        case .records, .nodata, .nxdomain: false
        case .servfail, .refused, .otherRcode, .timeout, .networkError, .malformed, .invalidName, .deadlineExceeded: true
        }
    }
}
