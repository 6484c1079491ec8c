import RuleEngine

/// The "not tested" findings of a domain as people read them: one entry per rule and
/// message, with every subject it holds for (three MX endpoints that each negotiated TLS 1.3
/// without --tls-versions are one line, not three).
struct NotTestedGroup {
    var ruleID: String
    var area: String
    var title: String
    /// What was not measured, and how to measure it (without the "not tested: " prefix).
    var message: String
    /// The subjects other than the domain itself, in the order found.
    var subjects: [String]

    static func groups(_ findings: [Finding], domain: String) -> [NotTestedGroup] {
        var groups: [NotTestedGroup] = []
        for finding in findings.sorted(by: { ($0.area, $0.ruleID) < ($1.area, $1.ruleID) }) {
            let message = finding.notTestedWhat
            if let index = groups.firstIndex(where: { $0.ruleID == finding.ruleID && $0.message == message }) {
                if finding.subject != domain { groups[index].subjects.append(finding.subject) }
            } else {
                groups.append(NotTestedGroup(ruleID: finding.ruleID, area: finding.area, title: finding.notTestedQuestion, message: message,
                                             subjects: finding.subject == domain ? [] : [finding.subject]))
            }
        }
        return groups
    }
}
