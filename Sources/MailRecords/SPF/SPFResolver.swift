/// The DNS that SPF evaluation needs, as an abstraction: the real DNS client in an audit,
/// a table of records in the conformance tests. Names are absolute or not, any case.
public protocol SPFResolver: Sendable {
    /// The TXT records at `name`, each with its character-strings joined (RFC 7208 §3.3).
    func txt(_ name: String) async -> SPFLookup<[String]>
    /// The A (`ipv6` false) or AAAA records at `name`.
    func addresses(_ name: String, ipv6: Bool) async -> SPFLookup<[IPAddress]>
    /// The exchanges of the MX records at `name`.
    func mx(_ name: String) async -> SPFLookup<[String]>
    /// The PTR names of an address.
    func ptr(_ address: IPAddress) async -> SPFLookup<[String]>
}

/// How a lookup ended, as RFC 7208 §5 needs to tell it: found, absent (a "void lookup"
/// when it is NODATA or NXDOMAIN, §4.6.4), or failed (timeout, SERVFAIL: temperror).
public enum SPFLookup<Value: Sendable>: Sendable {
    case found(Value)
    case nodata
    case nxdomain
    case failed(String)
}
