/// mailaudit's own DNSSEC verdict for one question, from a trust anchor (`--trust-anchor`,
/// the root's by default), whatever the resolver does.
public struct DNSSECValidationFact: Codable, Sendable, Equatable {
    /// The question validated (`example.org.`, `MX`).
    public var name: String
    public var type: String
    public var status: DNSSECStatusValue
    /// Why, in words; for bogus, the validator's reason with the link that broke.
    public var reason: String
    /// For bogus, what broke; for indeterminate, why there is no verdict (the anchor's own
    /// keys not confirmed, a lookup on the way failed, a name outside the anchor).
    public var problem: DNSSECProblem?
    /// Where the chain broke, as the validator names it ("key expired.test.").
    public var link: String?
    /// The trust anchor file the chain starts from.
    public var trustAnchor: String
    /// True when the user named the trust anchor (`--trust-anchor`, `MAILAUDIT_TRUST_ANCHOR`);
    /// absent for the default (the root's). A named anchor that cannot be confirmed makes
    /// `dnssec.not-validated` an error, not a note.
    public var trustAnchorNamed: Bool?
    /// For a bogus verdict: the DS and DNSKEY key tags of the zone whose chain broke, and the
    /// key tags the answer's signatures name.
    public var keys: DNSSECKeysFact?
    /// The signing algorithms of the answer's signatures (RRSIG), each once.
    public var algorithms: [DNSSECAlgorithmFact]
    /// The earliest expiration of the answer's signatures (ISO 8601), and whole days to it
    /// (negative once past).
    public var signatureExpires: String?
    public var daysToSignatureExpiry: Int?

    public init(name: String, type: String, status: DNSSECStatusValue, reason: String, problem: DNSSECProblem? = nil, link: String? = nil,
                trustAnchor: String, algorithms: [DNSSECAlgorithmFact] = [], signatureExpires: String? = nil, daysToSignatureExpiry: Int? = nil) {
        self.name = name
        self.type = type
        self.status = status
        self.reason = reason
        self.problem = problem
        self.link = link
        self.trustAnchor = trustAnchor
        self.algorithms = algorithms
        self.signatureExpires = signatureExpires
        self.daysToSignatureExpiry = daysToSignatureExpiry
    }
}
