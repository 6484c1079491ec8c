/// The DMARC policy that applies to the domain, where it was found, and what it says
/// (RFC 7489, RFC 9989). The record's tags are kept even when it is invalid.
public struct DMARCFacts: Codable, Sendable, Equatable {
    public var domain: String
    public var status: DMARCPolicyStatus
    /// The DMARC records (v=DMARC1 ...) at `_dmarc.<domain>` itself.
    public var recordsAtDomain: [String]
    /// The domain whose `_dmarc` record applies (the domain itself, or a parent found by the
    /// RFC 9989 §4.10 tree walk); nil when none applies.
    public var policyDomain: String?
    /// The policy comes from a parent domain, so its `sp` (or `np`) applies.
    public var inherited: Bool
    /// The record that applies, parsed.
    public var record: DMARCRecordFact?
    /// The policy for mail from the domain itself: p at the domain, else sp of the parent.
    public var effectivePolicy: String?
    /// Which tag of which domain gave `effectivePolicy` (`p at example.org`, `sp at example.org`).
    public var effectivePolicySource: String?
    /// The organizational domain by RFC 7489 §3.2 (Public Suffix List).
    public var organizationalDomainRFC7489: String?
    /// Where RFC 7489 §6.6.3 finds the policy: the domain, else its organizational domain.
    public var policyDomainRFC7489: String?
    /// The organizational domain by RFC 9989 §4.10 (DNS tree walk).
    public var organizationalDomainRFC9989: String?
    /// Each `_dmarc` name the tree walk asked, in order, with what it found.
    public var treeWalk: [DMARCWalkStepFact]
    /// Each report destination and, for one outside the policy domain's organization,
    /// whether it agreed to receive the reports (RFC 7489 §7.1).
    public var reportDestinations: [DMARCReportDestinationFact]

    public init(domain: String, status: DMARCPolicyStatus) {
        self.domain = domain
        self.status = status
        self.recordsAtDomain = []
        self.policyDomain = nil
        self.inherited = false
        self.record = nil
        self.effectivePolicy = nil
        self.effectivePolicySource = nil
        self.organizationalDomainRFC7489 = nil
        self.policyDomainRFC7489 = nil
        self.organizationalDomainRFC9989 = nil
        self.treeWalk = []
        self.reportDestinations = []
    }
}
