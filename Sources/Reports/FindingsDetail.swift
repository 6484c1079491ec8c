import RuleEngine

/// How much of each finding a JSON report carries. `full`: every finding with everything,
/// including what the rule itself says (title, area, fix, references). `compact` (JSON Lines
/// by default, the bulk format: about 2 KB a domain): only the findings that did not pass
/// (info, warn, fail, error; passes and `n/a` are counted in the summary), each with what
/// this audit concluded: rule id, outcome, severity (a profile may change it), subject when
/// it is not the domain, message, evidence, waiver and the links between findings. The
/// rest is the rule's: `mailaudit rules --format json` lists it, and `mailaudit report`
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
        case ruleID, outcome, severity, subject, message, evidence, waiver, supersededBy, blockedBy, rootCause
    }

    /// The findings a compact record keeps.
    static func kept(_ finding: Finding) -> Bool {
        finding.outcome != .pass && finding.outcome != .notApplicable
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(finding.ruleID, forKey: .ruleID)
        try container.encode(finding.outcome, forKey: .outcome)
        if finding.subject != domain { try container.encode(finding.subject, forKey: .subject) }
        try container.encode(finding.severity, forKey: .severity)
        if !finding.message.isEmpty { try container.encode(finding.message, forKey: .message) }
        try container.encodeIfPresent(finding.evidence, forKey: .evidence)
        try container.encodeIfPresent(finding.waiver, forKey: .waiver)
        try container.encodeIfPresent(finding.supersededBy, forKey: .supersededBy)
        try container.encodeIfPresent(finding.blockedBy, forKey: .blockedBy)
        try container.encodeIfPresent(finding.rootCause, forKey: .rootCause)
    }
}
