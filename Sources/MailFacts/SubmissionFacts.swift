/// Mail submission for the domain's users (the MSA side): the SRV records of RFC 6186 and
/// RFC 8314 §5.1, and each submission server probed on its port.
public struct SubmissionFacts: Codable, Sendable, Equatable {
    /// `_submission._tcp` (STARTTLS, port 587) and `_submissions._tcp` (implicit TLS, 465).
    public var srv: [SRVSetFact]
    /// Hosts named with `--submission-host`, probed on 587 and 465.
    public var givenHosts: [String]
    /// One entry per host × address × port; `service` says which kind.
    public var endpoints: [SMTPEndpointFact]

    public init(srv: [SRVSetFact], givenHosts: [String] = [], endpoints: [SMTPEndpointFact] = []) {
        self.srv = srv
        self.givenHosts = givenHosts
        self.endpoints = endpoints
    }
}
