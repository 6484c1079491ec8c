/// An MX address the probe could not even try from this machine (no route to it: an IPv6
/// address on a host without IPv6). Kept apart from the endpoints, whose rules judge servers:
/// this says nothing about the server.
public struct SMTPNotProbedFact: Codable, Sendable, Equatable {
    public var host: String
    public var address: String
    public var family: AddressFamily
    public var reason: String

    public init(host: String, address: String, family: AddressFamily, reason: String) {
        self.host = host
        self.address = address
        self.family = family
        self.reason = reason
    }
}
