/// The `mode` of an MTA-STS policy (RFC 8461 §3.2).
public enum MTASTSMode: String, Codable, Sendable, Hashable, CaseIterable {
    case enforce, testing, none
}
