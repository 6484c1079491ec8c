/// Everything collected about one domain: plain values with no opinion in them
/// (docs/architecture.md, "Facts, then judgement"). Serialised as JSON by `mailaudit facts`
/// and read back by `mailaudit check --facts`.
public struct FactSet: Codable, Sendable, Equatable {
    /// Bumped whenever a field changes meaning or disappears.
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    /// The audited domain, lower-case, without the trailing dot (`example.org`).
    public var domain: String
    /// When collection started, RFC 3339 in UTC.
    public var collectedAt: String
    public var tool: ToolInfo
    /// The resolvers asked, as given (`127.0.0.1`, `[::1]:5353`).
    public var resolvers: [String]
    public var collection: CollectionFact
    /// The DNSSEC status of the domain itself.
    public var dnssec: DNSSECFact?
    public var mx: MXFacts?
    public var txt: TXTFacts?
    /// The SPF policy of the domain, read as a tree with its counts (RFC 7208).
    public var spf: SPFFacts?
    /// The DMARC policy that applies, where it comes from, and its report destinations.
    public var dmarc: DMARCFacts?
    /// DKIM keys at the given and the common selectors.
    public var dkim: DKIMFacts?
    /// The `_mta-sts` record (RFC 8461 §3.1); the policy file comes with the HTTPS probe.
    public var mtaSts: PolicyRecordFacts?
    /// The `_smtp._tls` TLS-RPT record (RFC 8460).
    public var tlsRpt: PolicyRecordFacts?
    /// The `default._bimi` BIMI record.
    public var bimi: PolicyRecordFacts?
    /// The MTA-STS policy file, fetched over HTTPS (when the `_mta-sts` record exists).
    public var mtaStsPolicy: MTASTSPolicyFacts?
    /// The probes of each MX exchange and address on port 25.
    public var smtp: SMTPFacts?
    /// Submission servers (SRV and `--submission-host`), probed on their ports.
    public var submission: SubmissionFacts?
    /// The DNS blocklists asked (`--dnsbl`, `--dbl`); nil when none was named.
    public var dnsbl: DNSBLFacts?
    /// The name servers of the domain's zone and of its MX hosts' zones; nil when not checked.
    public var nameServers: NameServerFacts?
    /// Where the domain's own records came from when not from the public DNS (`--ns`,
    /// `--zone-file`): a domain audited before it goes live. Nil in an ordinary audit.
    public var source: AuditSourceFact?
    /// The MX and NS hosts this domain must use, declared for it in the domains file; nil when none were.
    public var approved: ApprovedHostsFact?
    /// Route origin validation of the MX and name-server addresses (offline files); nil when none were given.
    public var rpki: RPKIFacts?

    public init(domain: String, collectedAt: String, resolvers: [String], collection: CollectionFact) {
        self.schemaVersion = Self.currentSchemaVersion
        self.domain = domain
        self.collectedAt = collectedAt
        self.tool = ToolInfo()
        self.resolvers = resolvers
        self.collection = collection
    }
}
