/// The family of an address in the facts.
public enum AddressFamily: String, Codable, Sendable, Equatable, CaseIterable {
    case ipv4, ipv6
    /// No address: the endpoint of a host that has none (its outcome is `no-address`).
    case unspecified = ""
}
