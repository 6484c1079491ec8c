/// What the probes of the domain's mail exchangers found (RFC 5321, RFC 3207, RFC 7672).
public struct SMTPFacts: Codable, Sendable, Equatable {
    public var status: SMTPProbeStatus
    /// One entry per exchange × address, port 25, in MX preference order.
    public var endpoints: [SMTPEndpointFact]

    public init(status: SMTPProbeStatus, endpoints: [SMTPEndpointFact] = []) {
        self.status = status
        self.endpoints = endpoints
    }
}
