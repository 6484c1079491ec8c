import NetworkSupport

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
