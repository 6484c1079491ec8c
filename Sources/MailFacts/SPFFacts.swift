/// What the domain's SPF policy is, read statically (without a client address): the
/// include/redirect tree and its counts against RFC 7208's limits. The parsed data is kept
/// when the policy is invalid or over a limit.
public struct SPFFacts: Codable, Sendable, Equatable {
    public var domain: String
    public var status: SPFPolicyStatus
    /// Every SPF record (v=spf1 ...) published at the domain (RFC 7208 §4.5 allows one).
    public var records: [String]
    /// The policy tree from the domain's record; nil without exactly one record.
    public var tree: SPFNodeFact?
    /// DNS-querying terms over the whole tree when nothing matches (RFC 7208 §4.6.4: at most 10).
    public var dnsLookups: Int
    /// Lookups in the tree that found nothing (at most 2).
    public var voidLookups: Int
    public var lookupLimitExceeded: Bool
    public var voidLimitExceeded: Bool
    /// The `all` the evaluation ends at when nothing else matches, following redirect= (§6.1);
    /// nil when there is none (the result is then neutral, §4.7).
    public var effectiveAll: String?
    /// The domains from the root to the record holding `effectiveAll`.
    public var allReachedVia: [String]
    /// Some record in the tree uses the `ptr` mechanism (RFC 7208 §5.5: SHOULD NOT).
    public var usesPTR: Bool
    /// Some term uses macros, whose targets depend on the message and are not followed here.
    public var usesMacros: Bool
    /// Terms after `all` in a record, which are never evaluated (§5.1).
    public var termsAfterAll: [String]
    /// Include or redirect loops, as the chain of domains.
    public var loops: [String]
    /// Every problem found in the tree: syntax errors, missing targets, failed lookups.
    public var problems: [SPFProblemFact]
    /// The length in bytes of the domain's SPF record (RFC 7208 §3.4: keep it under 450).
    public var recordLength: Int?
    /// The lengths of the SPF record's character-strings (at most 255 each, RFC 7208 §3.3).
    public var recordStringLengths: [Int]?
    /// The size of all the TXT records at the domain as they travel in an answer (each
    /// string and its length byte): RFC 7208 §3.4 wants the answer to fit in 512 bytes.
    public var txtRRsetBytes: Int?
    /// The lookup of the SPF RR type (99) at the domain, which RFC 7208 §3.1 retired:
    /// records there are ignored by receivers.
    public var spfTypeLookup: LookupFact?

    public init(domain: String, status: SPFPolicyStatus, records: [String] = []) {
        self.domain = domain
        self.status = status
        self.records = records
        self.tree = nil
        self.dnsLookups = 0
        self.voidLookups = 0
        self.lookupLimitExceeded = false
        self.voidLimitExceeded = false
        self.effectiveAll = nil
        self.allReachedVia = []
        self.usesPTR = false
        self.usesMacros = false
        self.termsAfterAll = []
        self.loops = []
        self.problems = []
        self.recordLength = nil
        self.recordStringLengths = nil
        self.txtRRsetBytes = nil
        self.spfTypeLookup = nil
    }
}
