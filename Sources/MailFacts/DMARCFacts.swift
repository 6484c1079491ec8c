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

public enum DMARCPolicyStatus: String, Codable, Sendable, Equatable, CaseIterable, FailureReporting {
    /// A valid record at `_dmarc.<domain>`.
    case found
    /// No record at the domain; a parent's applies.
    case inherited
    /// No record at the domain or any parent.
    case none
    /// The record that applies is not valid (see `record.errors`).
    case invalid
    /// More than one DMARC record at the domain: none applies (RFC 7489 §6.6.3).
    case multipleRecords = "multiple-records"
    /// A lookup failed before a record was found: nothing can be said.
    case lookupFailed = "lookup-failed"

    public var isFailure: Bool {
        switch self {
        case .found, .inherited, .none, .invalid, .multipleRecords: false
        case .lookupFailed: true
        }
    }
}

public struct DMARCWalkStepFact: Codable, Sendable, Equatable {
    public var name: String
    public var lookup: WalkLookup
    public var records: [String]

    public init(name: String, lookup: WalkLookup, records: [String]) {
        self.name = name
        self.lookup = lookup
        self.records = records
    }
}

/// A DMARC record's tags as values (RFC 9989 reading, with RFC 7489's verdict beside it).
public struct DMARCRecordFact: Codable, Sendable, Equatable {
    public var text: String
    public var validRFC9989: Bool
    public var errorsRFC9989: [String]
    public var validRFC7489: Bool
    public var errorsRFC7489: [String]
    /// Every tag as written, in order.
    public var tags: [DMARCTagFact]
    public var p: String?
    public var pExplicit: Bool
    public var pFollowsV: Bool
    public var sp: String?
    public var np: String?
    public var adkim: String
    public var aspf: String
    public var fo: [String]
    public var rua: [DMARCURIFact]
    public var ruf: [DMARCURIFact]
    /// pct under RFC 7489 (removed by RFC 9989).
    public var pct: Int?
    public var psd: String
    public var t: Bool
    /// Tags RFC 9989 removed (pct, rf, ri) that the record has.
    public var removedTags: [String]
    public var unknownTags: [String]

    public init(text: String, validRFC9989: Bool, errorsRFC9989: [String], validRFC7489: Bool, errorsRFC7489: [String],
                tags: [DMARCTagFact], p: String?, pExplicit: Bool, pFollowsV: Bool, sp: String?, np: String?, adkim: String,
                aspf: String, fo: [String], rua: [DMARCURIFact], ruf: [DMARCURIFact], pct: Int?, psd: String, t: Bool,
                removedTags: [String], unknownTags: [String]) {
        self.text = text
        self.validRFC9989 = validRFC9989
        self.errorsRFC9989 = errorsRFC9989
        self.validRFC7489 = validRFC7489
        self.errorsRFC7489 = errorsRFC7489
        self.tags = tags
        self.p = p
        self.pExplicit = pExplicit
        self.pFollowsV = pFollowsV
        self.sp = sp
        self.np = np
        self.adkim = adkim
        self.aspf = aspf
        self.fo = fo
        self.rua = rua
        self.ruf = ruf
        self.pct = pct
        self.psd = psd
        self.t = t
        self.removedTags = removedTags
        self.unknownTags = unknownTags
    }
}

public struct DMARCTagFact: Codable, Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

public struct DMARCURIFact: Codable, Sendable, Equatable {
    public var uri: String
    public var scheme: String
    public var address: String?
    public var maxSize: UInt64?

    public init(uri: String, scheme: String, address: String?, maxSize: UInt64?) {
        self.uri = uri
        self.scheme = scheme
        self.address = address
        self.maxSize = maxSize
    }
}

public struct DMARCReportDestinationFact: Codable, Sendable, Equatable {
    /// `rua` or `ruf`.
    public var tag: String
    public var uri: String
    /// The domain of the mailto: address.
    public var domain: String?
    /// The destination is outside the policy domain's organization (RFC 7489 §7.1).
    public var external: Bool
    /// `<policy domain>._report._dmarc.<destination domain>`, asked for an external destination.
    public var authorizationName: String?
    /// How that lookup ended.
    public var authorizationLookup: WalkLookup?
    /// The destination published a v=DMARC1 record there; nil when not asked or the lookup failed.
    public var authorized: Bool?

    public init(tag: String, uri: String, domain: String?, external: Bool, authorizationName: String? = nil,
                authorizationLookup: WalkLookup? = nil, authorized: Bool? = nil) {
        self.tag = tag
        self.uri = uri
        self.domain = domain
        self.external = external
        self.authorizationName = authorizationName
        self.authorizationLookup = authorizationLookup
        self.authorized = authorized
    }
}
