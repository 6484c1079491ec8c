/// One MX or name-server address, validated (RFC 6811 §2).
public struct RPKIAddressFact: Codable, Sendable, Equatable {
    /// `mx` or `ns`.
    public var role: String
    /// The MX host or NS name (findings read "mx.example.org [192.0.2.1]").
    public var host: String
    public var address: String
    /// For a name server, its zone.
    public var zone: String?
    /// The most specific announced prefix holding the address, and its origin ASes.
    public var route: String?
    public var origins: [Int]
    /// `valid`, `invalid`, `not-found`, `unrouted`, `not-checked` (no VRPs given).
    public var state: String
    /// The VRPs covering the route (`prefix-maxLength ASn`).
    public var covering: [String]

    public init(role: String, host: String, address: String, zone: String?, route: String?, origins: [Int], state: String, covering: [String]) {
        self.role = role
        self.host = host
        self.address = address
        self.zone = zone
        self.route = route
        self.origins = origins
        self.state = state
        self.covering = covering
    }
}
