/// DANE for one exchange at one address (RFC 7672).
public enum DANEStatus: String, Codable, Sendable, Equatable, CaseIterable {
    /// No TLSA RRset.
    case noRecords = "no-records"
    /// The TLSA lookup failed.
    case lookupFailed = "lookup-failed"
    /// The TLSA RRset is not DNSSEC-validated, so unusable (§2.2).
    case notSecure = "not-secure"
    /// Only usages 0/1 or unknown parameters (§3.1.3).
    case noUsableRecords = "no-usable-records"
    /// Usable records but no TLS session: delivery must not happen (§2.2).
    case noTLS = "no-tls"
    case match
    case mismatch
}
