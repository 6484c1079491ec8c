/// How a TXT lookup of the DMARC tree walk (RFC 9989 §4.10) or of a report destination's
/// authorisation (RFC 7489 §7.1) ended, written as one string: `records`, `nodata`,
/// `nxdomain`, or `failed: <why>`.
public enum WalkLookup: Sendable, Equatable, Codable, FailureReporting, CustomStringConvertible {
    case records
    case nodata
    case nxdomain
    case failed(String)

    public var isFailure: Bool {
        switch self {
        case .records, .nodata, .nxdomain: false
        case .failed: true
        }
    }

    public var description: String {
        switch self {
        case .records: "records"
        case .nodata: "nodata"
        case .nxdomain: "nxdomain"
        case .failed(let reason): FailedLookupText.encode(reason)
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        switch text {
        case "records": self = .records
        case "nodata": self = .nodata
        case "nxdomain": self = .nxdomain
        default:
            guard let reason = FailedLookupText.decode(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a lookup outcome: \(text)"))
            }
            self = .failed(reason)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
