/// The DNS lists to ask (`--dnsbl`, `--dbl`) and how to read their answers.
public struct DNSBLOptions: Sendable {
    /// IP lists: each MX address is asked (RFC 5782 §2.1, §2.4).
    public var ipZones: [String]
    /// Domain lists: the domain is asked (RFC 5782 §3).
    public var domainZones: [String]
    public var catalog: DNSBLCatalog

    public init(ipZones: [String], domainZones: [String], catalog: DNSBLCatalog = .builtin) {
        self.ipZones = ipZones.map(DNSBLCatalog.normal)
        self.domainZones = domainZones.map(DNSBLCatalog.normal)
        self.catalog = catalog
    }

    public var isEmpty: Bool { ipZones.isEmpty && domainZones.isEmpty }
}
