import NetworkSupport
/// TXT lookups, which DMARC, DKIM, MTA-STS, TLS-RPT and BIMI discovery need.
public protocol TXTResolver: Sendable {
    /// The TXT records at `name`, each with its character-strings joined (RFC 7208 §3.3).
    func txt(_ name: String) async -> RecordLookup<[String]>
}

/// The DNS that SPF evaluation needs, as an abstraction: the real DNS client in an audit,
/// a table of records in the conformance tests. Names are absolute or not, any case.
public protocol SPFResolver: TXTResolver {
    /// The A (`ipv6` false) or AAAA records at `name`.
    func addresses(_ name: String, ipv6: Bool) async -> RecordLookup<[IPAddress]>
    /// The exchanges of the MX records at `name`.
    func mx(_ name: String) async -> RecordLookup<[String]>
    /// The PTR names of an address.
    func ptr(_ address: IPAddress) async -> RecordLookup<[String]>
}

/// How a lookup ended: found, absent (NODATA or NXDOMAIN; a "void lookup" for SPF,
/// RFC 7208 §4.6.4), or failed (timeout, SERVFAIL, ...: never to be read as absent).
public enum RecordLookup<Value: Sendable>: Sendable {
    case found(Value)
    case nodata
    case nxdomain
    case failed(String)
}
