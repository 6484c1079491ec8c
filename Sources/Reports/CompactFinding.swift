import RuleEngine

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
