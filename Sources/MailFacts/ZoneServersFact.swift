/// One zone's name servers.
public struct ZoneServersFact: Codable, Sendable, Equatable {
    /// The zone apex, without the final dot.
    public var zone: String
    /// Why it was checked: the audited domain, or the MX hosts in it.
    public var usedFor: [String]
    /// The NS set through the resolver (RFC 1034 §4.2.1).
    public var nsLookup: LookupFact
    /// The NS names the resolver gave.
    public var ns: [String]
    /// The parent zone and how asking its servers for the delegation went.
    public var parent: String?
    public var delegation: DelegationFact?
    /// The NS names the zone's own servers list, each server's set merged.
    public var childNS: [String]
    /// The distinct SOA serials the servers gave (one when they agree).
    public var serials: [UInt32]
    /// Addresses tested, and how many of them answered with authority over UDP.
    public var addressesTested: Int
    public var addressesAuthoritative: Int
    /// The distinct networks of the addresses: /24 for IPv4, /48 for IPv6 (RFC 2182 §3.1).
    public var prefixes: [String]
    /// Addresses beyond the per-zone bound, not tested.
    public var addressesNotTested: Int
    public var queries: Int
    /// The SOA read from the first server that answered it with authority.
    public var soa: SOAFact?

    public init(zone: String, usedFor: [String], nsLookup: LookupFact, ns: [String]) {
        self.zone = zone
        self.usedFor = usedFor
        self.nsLookup = nsLookup
        self.ns = ns
        self.childNS = []
        self.serials = []
        self.addressesTested = 0
        self.addressesAuthoritative = 0
        self.prefixes = []
        self.addressesNotTested = 0
        self.queries = 0
    }
}
