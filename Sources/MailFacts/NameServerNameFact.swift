/// One NS name of a zone and its addresses.
public struct NameServerNameFact: Codable, Sendable, Equatable {
    public var zone: String
    public var name: String
    public var addresses: [String]
    /// The A and AAAA lookups of the name, through the resolver.
    public var lookupA: LookupFact
    public var lookupAAAA: LookupFact
    /// `resolves`, `no-address` (the name exists, no A/AAAA), `nxdomain`, `failed`.
    public var status: String
    /// Whether the parent's delegation and the zone's own NS set list it.
    public var inDelegation: Bool?
    public var inZone: Bool

    public init(zone: String, name: String, addresses: [String], lookupA: LookupFact, lookupAAAA: LookupFact, inZone: Bool) {
        self.zone = zone
        self.name = name
        self.addresses = addresses
        self.lookupA = lookupA
        self.lookupAAAA = lookupAAAA
        self.inZone = inZone
        if !addresses.isEmpty {
            status = "resolves"
        } else if lookupA.outcome == .nxdomain && lookupAAAA.outcome == .nxdomain {
            status = "nxdomain"
        } else if lookupA.outcome.isFailure || lookupAAAA.outcome.isFailure {
            status = "failed"
        } else {
            status = "no-address"
        }
    }
}
