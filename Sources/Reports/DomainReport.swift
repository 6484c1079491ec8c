import Foundation
import MailFacts
import RuleEngine

/// One domain's audit: its facts and the findings the rules made of them.
public struct DomainReport: Codable, Sendable {
    public var domain: String
    public var summary: FindingSummary
    public var findings: [Finding]
    public var facts: FactSet

    public init(facts: FactSet, findings: [Finding]) {
        self.domain = facts.domain
        self.facts = facts
        self.findings = findings
        self.summary = FindingSummary(findings, collectionError: facts.collection.error)
    }
}
