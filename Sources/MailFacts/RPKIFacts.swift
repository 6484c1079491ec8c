/// Route origin validation (RFC 6811) of the MX and name-server addresses, from offline
/// files (`--rpki-vrps`, `--route-origins`): how old the data is, and each address's route,
/// origin and state. Nil when no files were given.
public struct RPKIFacts: Codable, Sendable, Equatable {
    /// The VRP file (absent with `--route-origins` alone: no validation, origins only).
    public var vrps: RPKISourceFact?
    public var routes: RPKISourceFact
    public var addresses: [RPKIAddressFact]
    /// Per zone whose name servers were checked: the origin ASes of their addresses.
    public var nameServerOrigins: [RPKIZoneOriginsFact]

    public init(vrps: RPKISourceFact?, routes: RPKISourceFact, addresses: [RPKIAddressFact], nameServerOrigins: [RPKIZoneOriginsFact]) {
        self.vrps = vrps
        self.routes = routes
        self.addresses = addresses
        self.nameServerOrigins = nameServerOrigins
    }
}
