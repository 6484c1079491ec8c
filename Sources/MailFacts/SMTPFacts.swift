/// What the probes of the domain's mail exchangers found (RFC 5321, RFC 3207, RFC 7672).
public struct SMTPFacts: Codable, Sendable, Equatable {
    public var status: SMTPProbeStatus
    /// One entry per exchange × address, port 25, in MX preference order.
    public var endpoints: [SMTPEndpointFact]
    /// Addresses this machine has no route to (IPv6 without IPv6 here): not probed, and not
    /// among the endpoints.
    public var notProbed: [SMTPNotProbedFact]

    public init(status: SMTPProbeStatus, endpoints: [SMTPEndpointFact] = [], notProbed: [SMTPNotProbedFact] = []) {
        self.status = status
        self.endpoints = endpoints
        self.notProbed = notProbed
    }
}
