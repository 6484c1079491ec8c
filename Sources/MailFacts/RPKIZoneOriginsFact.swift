/// The origin ASes of one zone's name-server addresses (RFC 2182 §3.1: spread them over
/// more than one network).
public struct RPKIZoneOriginsFact: Codable, Sendable, Equatable {
    public var zone: String
    public var asns: [Int]
    /// Addresses without a route in the table (their AS is unknown).
    public var unrouted: Int

    public init(zone: String, asns: [Int], unrouted: Int) {
        self.zone = zone
        self.asns = asns
        self.unrouted = unrouted
    }
}
