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

/// How the HTTPS fetch went.
public struct PolicyFetchFact: Codable, Sendable, Equatable {
    public var outcome: PolicyFetchOutcome
    public var httpStatus: Int?
    public var contentType: String?
    /// The media type is text/plain (§3.2).
    public var contentTypeOK: Bool?
    public var bytes: Int?
    public var redirectLocation: String?
    /// The certificate was valid for the host and trusted (system store or `--ca-file`).
    public var certificateValid: Bool?
    public var certificateError: String?
    public var error: String?
    public var milliseconds: Double?

    public init(outcome: PolicyFetchOutcome, httpStatus: Int? = nil, contentType: String? = nil, contentTypeOK: Bool? = nil, bytes: Int? = nil,
                redirectLocation: String? = nil, certificateValid: Bool? = nil, certificateError: String? = nil, error: String? = nil,
                milliseconds: Double? = nil) {
        self.outcome = outcome
        self.httpStatus = httpStatus
        self.contentType = contentType
        self.contentTypeOK = contentTypeOK
        self.bytes = bytes
        self.redirectLocation = redirectLocation
        self.certificateValid = certificateValid
        self.certificateError = certificateError
        self.error = error
        self.milliseconds = milliseconds
    }
}

public struct MTASTSPolicyFact: Codable, Sendable, Equatable {
    public var text: String
    public var valid: Bool
    public var errors: [String]
    public var version: String?
    public var mode: MTASTSMode?
    public var maxAge: Int?
    public var mx: [String]
    public var unknownKeys: [String]

    public init(text: String, valid: Bool, errors: [String], version: String?, mode: MTASTSMode?, maxAge: Int?, mx: [String], unknownKeys: [String]) {
        self.text = text
        self.valid = valid
        self.errors = errors
        self.version = version
        self.mode = mode
        self.maxAge = maxAge
        self.mx = mx
        self.unknownKeys = unknownKeys
    }
}

public struct MTASTSCoverageFact: Codable, Sendable, Equatable {
    public var exchange: String
    public var covered: Bool

    public init(exchange: String, covered: Bool) {
        self.exchange = exchange
        self.covered = covered
    }
}
