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

public struct SRVSetFact: Codable, Sendable, Equatable {
    /// `submission` or `submissions`.
    public var service: EndpointService
    public var lookup: LookupFact
    public var records: [SRVRecordFact]
    /// RFC 6186 §3.1 / RFC 2782: the single record with target `.` says "no such service".
    public var serviceDeclined: Bool

    public init(service: EndpointService, lookup: LookupFact, records: [SRVRecordFact], serviceDeclined: Bool) {
        self.service = service
        self.lookup = lookup
        self.records = records
        self.serviceDeclined = serviceDeclined
    }
}

public struct SRVRecordFact: Codable, Sendable, Equatable {
    public var priority: Int
    public var weight: Int
    public var port: Int
    public var target: String

    public init(priority: Int, weight: Int, port: Int, target: String) {
        self.priority = priority
        self.weight = weight
        self.port = port
        self.target = target
    }
}
