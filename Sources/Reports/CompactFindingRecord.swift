import RuleEngine

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
