/// One zone's check: the zone's facts, and its names and addresses (listed once, in
/// `NameServerFacts`, each with its zone).
public struct ZoneServersCheck: Sendable, Equatable {
    public var zone: ZoneServersFact
    public var names: [NameServerNameFact]
    public var servers: [NameServerAddressFact]

    public init(zone: ZoneServersFact, names: [NameServerNameFact], servers: [NameServerAddressFact]) {
        self.zone = zone
        self.names = names
        self.servers = servers
    }
}
