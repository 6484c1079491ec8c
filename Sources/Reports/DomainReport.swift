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

    enum CodingKeys: String, CodingKey {
        case domain, summary, findings, facts, tool, profile, generatedAt
    }

    /// As JSON: the facts as the encoder's `FactsDetail` asks (full by default; a summary
    /// of the records; or none), and, for a JSON Lines record, the run's tool, profile and time.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if let context = encoder.userInfo[RunContext.key] as? RunContext {
            try container.encode(context.tool, forKey: .tool)
            try container.encode(context.profile, forKey: .profile)
            try container.encode(context.generatedAt, forKey: .generatedAt)
        }
        try container.encode(domain, forKey: .domain)
        try container.encode(summary, forKey: .summary)
        try container.encode(findings, forKey: .findings)
        switch encoder.userInfo[FactsDetail.key] as? FactsDetail ?? .full {
        case .full: try container.encode(facts, forKey: .facts)
        case .summary: try container.encode(FactsSummary(facts), forKey: .facts)
        case .none: break
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        domain = try container.decode(String.self, forKey: .domain)
        summary = try container.decode(FindingSummary.self, forKey: .summary)
        findings = try container.decode([Finding].self, forKey: .findings)
        facts = try container.decode(FactSet.self, forKey: .facts)
    }
}
