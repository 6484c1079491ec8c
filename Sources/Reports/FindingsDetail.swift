import RuleEngine

/// How much of each finding a JSON report carries. `full`: every finding with everything,
/// including what the rule itself says (title, area, fix, references). `compact` (JSON Lines
/// by default, the bulk format: 2.5 to 4.5 KB a domain): only the findings that did not pass
/// (info, warn, fail, error, and the checks that were not tested; passes and other `n/a` are
/// counted in the summary), each with what
/// this audit concluded: rule id, outcome, severity (a profile may change it), subject when
/// it is not the domain, message, evidence, fix, waiver, not tested, since when a problem
/// has been the same (drift) and the links between findings. The
/// rest is the rule's: `mailaudit rules list --format json` lists it, and `mailaudit report`
/// puts title, area and references back. `--facts full` gives full records.
public enum FindingsDetail: String, Sendable, CaseIterable {
    case full, compact

    /// The encoder's user-info key that carries it.
    public static let key = CodingUserInfoKey(rawValue: "mailaudit.findingsDetail")!
}

/// One finding as a compact record carries it.
struct CompactFinding: Encodable {
    let finding: Finding
    let domain: String

    enum CodingKeys: String, CodingKey {
        case ruleID, outcome, severity, subject, message, evidence, fix, waiver, notTested, since, supersededBy, blockedBy, rootCause
    }

    /// The findings a compact record keeps: what did not pass, and what was not tested (never
    /// dropped with the other n/a: a record must not read as if every check had been made).
    static func kept(_ finding: Finding) -> Bool {
        (finding.outcome != .pass && finding.outcome != .notApplicable) || finding.notTested == true
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(finding.ruleID, forKey: .ruleID)
        try container.encode(finding.outcome, forKey: .outcome)
        if finding.subject != domain { try container.encode(finding.subject, forKey: .subject) }
        try container.encode(finding.severity, forKey: .severity)
        if !finding.message.isEmpty { try container.encode(finding.message, forKey: .message) }
        try container.encodeIfPresent(finding.evidence, forKey: .evidence)
        try container.encodeIfPresent(finding.fix, forKey: .fix)
        try container.encodeIfPresent(finding.waiver, forKey: .waiver)
        try container.encodeIfPresent(finding.notTested, forKey: .notTested)
        try container.encodeIfPresent(finding.since, forKey: .since)
        try container.encodeIfPresent(finding.supersededBy, forKey: .supersededBy)
        try container.encodeIfPresent(finding.blockedBy, forKey: .blockedBy)
        try container.encodeIfPresent(finding.rootCause, forKey: .rootCause)
    }
}

/// A finding as a compact record has it, read back: the rule's own text is missing (title
/// and area stand in from the rule id until `RuleJudge.completing` fills them).
struct CompactFindingRecord: Decodable {
    var ruleID: String
    var outcome: Outcome
    var severity: Severity
    var subject: String?
    var message: String?
    var evidence: [String]?
    var fix: String?
    var waiver: Finding.WaiverNote?
    var notTested: Bool?
    var since: String?
    var supersededBy: String?
    var blockedBy: String?
    var rootCause: Bool?
    enum CodingKeys: String, CodingKey {
        case ruleID, outcome, severity, subject, message, evidence, fix, waiver, notTested, since, supersededBy, blockedBy, rootCause
    }

    /// The finding, about `domain` when the record names no other subject.
    func finding(domain: String) -> Finding {
        var finding = Finding(ruleID: ruleID, title: ruleID, area: String(ruleID.prefix { $0 != "." }), outcome: outcome,
                              severity: severity, subject: subject ?? domain, message: message ?? "", fix: fix, refs: [], waiver: waiver)
        finding.evidence = evidence
        finding.notTested = notTested
        finding.since = since
        finding.supersededBy = supersededBy
        finding.blockedBy = blockedBy
        finding.rootCause = rootCause
        return finding
    }
}
