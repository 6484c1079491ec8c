/// What one rule concluded about one subject.
public struct Finding: Sendable, Codable, Hashable {
    public var ruleID: String
    public var title: String
    public var area: String
    public var outcome: Outcome
    /// The severity the rule (or the profile) gives it when it does not hold.
    public var severity: Severity
    /// What it is about: the domain, or the element of the scope (an MX host, a selector).
    public var subject: String
    public var message: String
    public var fix: String?
    public var refs: [String]
    /// A profile's waiver accepts this finding: it is listed, but does not count toward
    /// the exit code.
    public var waiver: WaiverNote?
    /// The rule whose finding for the same subject names the same cause: this one is kept
    /// for the record but not counted or shown as a problem of its own.
    public var supersededBy: String?
    /// The root-cause rule that kept this one from being judged (the domain does not exist):
    /// its outcome is n/a, and it is counted apart.
    public var blockedBy: String?
    /// The values the rule judged, one line each (a finding that does not pass).
    public var evidence: [String]?
    /// This finding is a root cause of others (shown first); nil otherwise.
    public var rootCause: Bool?
    /// The check held on what was measured, but its input was not all measured (the rule's
    /// `notTested`): the outcome is n/a and the message says what was not tested and how to
    /// test it. Reports list these, so that no one reads them as passed.
    public var notTested: Bool?

    /// How a not-tested finding's title and message begin (`RuleJudge`).
    static let notTestedTitlePrefix = "Not tested: ", notTestedMessagePrefix = "not tested: "

    /// For a list headed "not tested": the question left open ("Whether the MX offers
    /// STARTTLS") and what was not measured, without the prefixes the finding carries alone.
    public var notTestedQuestion: String {
        let question = title.hasPrefix(Self.notTestedTitlePrefix) ? String(title.dropFirst(Self.notTestedTitlePrefix.count)) : title
        return question.prefix(1).uppercased() + question.dropFirst()
    }

    public var notTestedWhat: String {
        message.hasPrefix(Self.notTestedMessagePrefix) ? String(message.dropFirst(Self.notTestedMessagePrefix.count)) : message
    }
    /// The rule's impact (1-5, `Rule.impact`): orders findings of one outcome, most costly first.
    public var impact: Int?
    /// For a problem: since when it has been the same (RFC 3339), carried from run to run by
    /// the history or a baseline (`DomainDrift.carryingSince`); `--remind-after` reads it.
    public var since: String?

    public init(ruleID: String, title: String, area: String, outcome: Outcome, severity: Severity, subject: String,
                message: String, fix: String?, refs: [String], waiver: WaiverNote? = nil) {
        self.ruleID = ruleID
        self.title = title
        self.area = area
        self.outcome = outcome
        self.severity = severity
        self.subject = subject
        self.message = message
        self.fix = fix
        self.refs = refs
        self.waiver = waiver
        self.supersededBy = nil
        self.blockedBy = nil
        self.evidence = nil
        self.rootCause = nil
        self.notTested = nil
        self.impact = nil
        self.since = nil
    }

    public struct WaiverNote: Sendable, Codable, Hashable {
        public var reason: String
        public var expires: String
        public var profile: String

        public init(reason: String, expires: String, profile: String) {
            self.reason = reason
            self.expires = expires
            self.profile = profile
        }
    }
}
