import MailFacts

/// The DNS lists to ask (`--dnsbl`, `--dbl`) and how to read their answers.
public struct DNSBLOptions: Sendable {
    /// IP lists: each MX address is asked (RFC 5782 §2.1, §2.4).
    public var ipZones: [String]
    /// Domain lists: the domain is asked (RFC 5782 §3).
    public var domainZones: [String]
    public var catalog: DNSBLCatalog

    /// A zone named twice is asked once.
    public init(ipZones: [String], domainZones: [String], catalog: DNSBLCatalog = .builtin) {
        func unique(_ zones: [String]) -> [String] {
            var seen = Set<String>()
            return zones.map(DNSBLCatalog.normal).filter { seen.insert($0).inserted }
        }
        self.ipZones = unique(ipZones)
        self.domainZones = unique(domainZones)
        self.catalog = catalog
    }

    public var isEmpty: Bool { ipZones.isEmpty && domainZones.isEmpty }

    /// Zones named with the option of the other kind (`--dbl` for a list the data knows as
    /// an IP list): asked that way they give wrong names and a false "not listed".
    public var misnamed: [(zone: String, kind: DNSBLListKind)] {
        let asIP: [(zone: String, kind: DNSBLListKind)] = ipZones.compactMap { zone in
            catalog.list(for: zone)?.kind == .domain ? (zone, DNSBLListKind.domain) : nil
        }
        let asDomain: [(zone: String, kind: DNSBLListKind)] = domainZones.compactMap { zone in
            catalog.list(for: zone)?.kind == .ip ? (zone, DNSBLListKind.ip) : nil
        }
        return asIP + asDomain
    }
}
