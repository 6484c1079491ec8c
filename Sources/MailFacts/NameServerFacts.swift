/// The name servers of the domain's zone and of each MX host's zone, asked one address at a
/// time (the Zonemaster checks that mail depends on; docs/architecture.md, "The name-server
/// checks"). A zone shared by many audited domains is checked once per run and its facts
/// repeated in each domain's.
public struct NameServerFacts: Codable, Sendable, Equatable {
    /// One entry per zone: the domain's first, then the MX hosts' zones not already listed.
    public var zones: [ZoneServersFact]
    /// Every NS name of every zone (so that rules judge each on its own).
    public var names: [NameServerNameFact]
    /// Every address tested, of every zone.
    public var servers: [NameServerAddressFact]
    /// Queries sent straight to name servers for these zones (not through the resolver).
    public var queries: Int

    public init(_ checks: [ZoneServersCheck]) {
        self.zones = checks.map(\.zone)
        self.names = checks.flatMap(\.names)
        self.servers = checks.flatMap(\.servers)
        self.queries = zones.reduce(0) { $0 + $1.queries }
    }
}
