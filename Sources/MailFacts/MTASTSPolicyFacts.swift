/// The MTA-STS policy file (RFC 8461 §3.3), fetched over HTTPS from the addresses
/// mailaudit's own resolver gave for `mta-sts.<domain>`.
public struct MTASTSPolicyFacts: Codable, Sendable, Equatable {
    /// `https://mta-sts.<domain>/.well-known/mta-sts.txt`.
    public var url: String
    public var host: String
    public var lookups: [LookupFact]
    public var addresses: [String]
    public var fetch: PolicyFetchFact
    /// Whether the fetch could be made: `done`, `lookup-failed` (the host's address lookups
    /// failed) or `deadline-exceeded`. Rules require it, so these are judged `error`.
    public var probe: ProbeRunFact
    /// The policy as parsed; present whenever a body arrived, even over a certificate that
    /// failed verification (then `fetch.certificateValid` is false and senders must ignore it).
    public var policy: MTASTSPolicyFact?
    /// For each MX exchange, whether the policy's `mx` patterns cover it (§4.1).
    public var mxCoverage: [MTASTSCoverageFact]

    public init(url: String, host: String, lookups: [LookupFact], addresses: [String], fetch: PolicyFetchFact,
                probe: ProbeRunFact = ProbeRunFact(), policy: MTASTSPolicyFact? = nil, mxCoverage: [MTASTSCoverageFact] = []) {
        self.probe = probe
        self.url = url
        self.host = host
        self.lookups = lookups
        self.addresses = addresses
        self.fetch = fetch
        self.policy = policy
        self.mxCoverage = mxCoverage
    }
}
