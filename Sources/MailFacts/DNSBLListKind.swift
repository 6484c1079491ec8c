/// What a DNS list is keyed by (RFC 5782 §2, §3).
public enum DNSBLListKind: String, Codable, Sendable, CaseIterable {
    /// IP addresses: IPv4 octets reversed (§2.1), IPv6 nibbles reversed (§2.4).
    case ip
    /// Domain names, asked as they are (§3).
    case domain
}
