import Drift
import Foundation
import MailFacts
import RuleEngine

/// One domain's audit: its facts and the findings the rules made of them.
public struct DomainReport: Codable, Sendable {
    public var domain: String
    public var summary: FindingSummary
    public var findings: [Finding]
    public var facts: FactSet
    /// What changed since the domain's previous audit (the history's previous run, or the
    /// baseline report); nil when there is nothing to compare with.
    public var changes: DomainDrift?
    /// The domain's earlier runs, oldest first, for the HTML report's timeline (not in JSON:
    /// `history list DOMAIN --format json` has them).
    public var timeline: [TimelinePoint] = []
    /// Read from a record that carried only a summary of the facts (`--facts summary`, the
    /// JSON Lines default): `facts` then holds only the domain and its collection, and the
    /// reports show these records.
    public var recordedSummary: FactsSummary?
    /// Read from a compact record (`FindingsDetail.compact`): the findings that passed or did
    /// not apply are not listed (the summary counts them), and the rules' text is not in them
    /// until `RuleJudge.completing` puts it back.
    public var compactFindings = false

    /// False for a report read from a record without the full facts (`--facts summary` or
    /// `none`): such a report cannot be judged again.
    public var hasFullFacts = true

    /// The records the findings were judged on, for the reports.
    public var factsSummary: FactsSummary { recordedSummary ?? FactsSummary(facts) }

    public init(facts: FactSet, findings: [Finding]) {
        self.domain = facts.domain
        self.facts = facts
        self.findings = findings
        self.summary = FindingSummary(findings, collectionError: facts.collection.error)
    }

    enum CodingKeys: String, CodingKey {
        case domain, summary, findings, facts, tool, profile, generatedAt, changes, findingsDetail
    }

    /// What this domain means for the exit code: its findings, or with `--fail-on new` and
    /// something to compare with, only what is new or worse since then.
    public func exitStatus(failOn threshold: FailureThreshold = .warn) -> ExitStatus {
        if threshold == .new, let changes { return ExitStatus(news: changes.news, collectionError: summary.collectionError) }
        return summary.exitStatus(failOn: threshold)
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
        try container.encodeIfPresent(changes, forKey: .changes)
        if encoder.userInfo[FindingsDetail.key] as? FindingsDetail == .compact {
            try container.encode(FindingsDetail.compact.rawValue, forKey: .findingsDetail)
            try container.encode(findings.filter(CompactFinding.kept).map { CompactFinding(finding: $0, domain: domain) },
                                 forKey: .findings)
        } else {
            try container.encode(findings, forKey: .findings)
        }
        switch encoder.userInfo[FactsDetail.key] as? FactsDetail ?? .full {
        case .full where hasFullFacts: try container.encode(facts, forKey: .facts)
        case .full, .summary:
            // A report read from a record with a summary has no more to give; one read from a
            // record without facts has none (never an empty set that passes for facts).
            if hasFullFacts || recordedSummary != nil { try container.encode(factsSummary, forKey: .facts) }
        case .none: break
        }
    }

    /// Reads a report or a JSON Lines record: full, or with a summary of the facts and
    /// compact findings (`mailaudit report`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        domain = try container.decode(String.self, forKey: .domain)
        summary = try container.decode(FindingSummary.self, forKey: .summary)
        if try container.decodeIfPresent(String.self, forKey: .findingsDetail) == FindingsDetail.compact.rawValue {
            let domain = self.domain
            findings = try container.decode([CompactFindingRecord].self, forKey: .findings).map { $0.finding(domain: domain) }
            compactFindings = true
        } else {
            findings = try container.decode([Finding].self, forKey: .findings)
        }
        var fullFacts: FactSet?
        var factsProblem: (any Error)?
        if container.contains(.facts) {
            do { fullFacts = try container.decode(FactSet.self, forKey: .facts) } catch { factsProblem = error }
        }
        if let full = fullFacts {
            facts = full
        } else if let factsProblem, (try? container.decode(FactsSummary.self, forKey: .facts)) == nil {
            // Neither full facts nor a summary: say what is wrong with them as facts.
            throw factsProblem
        } else if let recorded = try container.decodeIfPresent(FactsSummary.self, forKey: .facts) {
            facts = FactSet(domain: recorded.domain, collectedAt: recorded.collectedAt, resolvers: recorded.resolvers,
                            collection: recorded.collection)
            recordedSummary = recorded
            hasFullFacts = false
        } else {
            // `--facts none`: only what the findings say.
            var none = FactSet(domain: domain, collectedAt: "", resolvers: [],
                            collection: CollectionFact(complete: summary.collectionError == nil, deadlineSeconds: 0, deadlineExceeded: false, seconds: 0))
            none.collection.error = summary.collectionError
            facts = none
            hasFullFacts = false
        }
        changes = try container.decodeIfPresent(DomainDrift.self, forKey: .changes)
    }
}
