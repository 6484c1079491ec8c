/// How the TXT lookup of a record in the SPF include/redirect tree ended, written as one
/// string: `found`, `nxdomain-or-nodata` (no record: permerror, RFC 7208 §5.2) or
/// `failed: <why>` (temperror).
public enum SPFNodeLookup: Sendable, Equatable, Codable, FailureReporting, CustomStringConvertible {
    case found
    case absent
    case failed(String)

    public var isFailure: Bool {
        switch self {
        case .found, .absent: false
        case .failed: true
        }
    }

    public var description: String {
        switch self {
        case .found: "found"
        case .absent: "nxdomain-or-nodata"
        case .failed(let reason): FailedLookupText.encode(reason)
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        switch text {
        case "found": self = .found
        case "nxdomain-or-nodata": self = .absent
        default:
            guard let reason = FailedLookupText.decode(text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an SPF node lookup: \(text)"))
            }
            self = .failed(reason)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
