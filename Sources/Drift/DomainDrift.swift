import MailFacts
import RuleEngine

/// What changed for one domain between an earlier and a later audit: findings new, resolved
/// or changed in outcome, and the watched facts that changed even when no rule fires.
public struct DomainDrift: Codable, Sendable, Equatable {
    public var domain: String
    /// The earlier side ("run 12", "baseline report.json") and when it was collected.
    public var since: String
    public var sinceTime: String
    public var findings: [FindingChange]
    public var facts: [FactChange]
    /// False when either side had no facts to compare (a report saved without them).
    public var factsCompared: Bool

    public var isEmpty: Bool { findings.isEmpty && facts.isEmpty }
    /// The findings that are new or worse: what `--fail-on new` and `--quiet` act on.
    public var news: [FindingChange] { findings.filter(\.isNews) }

    public init(domain: String, from earlier: DriftPoint, to later: DriftPoint) {
        self.domain = domain
        since = earlier.source
        sinceTime = earlier.time
        findings = Self.findingChanges(from: earlier.findings, to: later.findings)
        // A side that could not be audited at all says nothing about its facts.
        if let before = earlier.facts, let after = later.facts, earlier.collectionError == nil, later.collectionError == nil {
            facts = Self.factChanges(from: WatchedFacts.of(before), to: WatchedFacts.of(after))
            factsCompared = true
        } else {
            facts = []
            factsCompared = false
        }
    }

    static func key(_ finding: Finding) -> String { finding.ruleID + "\0" + finding.subject }

    static func findingChanges(from earlier: [Finding], to later: [Finding]) -> [FindingChange] {
        let before = Dictionary(earlier.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(later.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        var changes: [FindingChange] = []
        // In the later run's order, then what disappeared in the earlier run's order.
        var keys = later.map(key)
        keys += earlier.map(key).filter { after[$0] == nil }
        var seen: Set<String> = []
        for k in keys where seen.insert(k).inserted {
            let was = FindingState(before[k]), now = FindingState(after[k])
            let current = after[k] ?? before[k]!
            let kind: FindingChange.Kind
            switch (was.isProblem, now.isProblem) {
            case (false, true): kind = .new
            case (true, false): kind = .resolved
            case (true, true) where was != now: kind = .changed
            default: continue
            }
            let source = kind == .resolved ? before[k]! : current
            changes.append(FindingChange(kind: kind, ruleID: source.ruleID, subject: source.subject, title: source.title,
                                         from: was, to: now, message: source.message))
        }
        // Worst first: new failures, then other news, then the rest.
        return changes.enumerated().sorted { a, b in
            let ra = (a.element.isNews ? 1 : 0, a.element.to.rank), rb = (b.element.isNews ? 1 : 0, b.element.to.rank)
            return ra != rb ? ra > rb : a.offset < b.offset
        }.map(\.element)
    }

    static func factChanges(from earlier: [WatchedFact], to later: [WatchedFact]) -> [FactChange] {
        let before = Dictionary(earlier.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(later.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        var changes: [FactChange] = []
        for fact in later {
            guard let old = before[fact.key] else {
                if let value = fact.value, value != "none" { changes.append(FactChange(kind: .added, key: fact.key, label: fact.label, from: nil, to: value)) }
                continue
            }
            switch (old.value, fact.value) {
            case let (was?, now?) where was != now:
                changes.append(FactChange(kind: .changed, key: fact.key, label: fact.label, from: was, to: now))
            case let (was?, nil):
                changes.append(FactChange(kind: .unseen, key: fact.key, label: fact.label, from: was, to: nil))
            default: break
            }
        }
        for fact in earlier where after[fact.key] == nil {
            if let value = fact.value, value != "none" { changes.append(FactChange(kind: .removed, key: fact.key, label: fact.label, from: value, to: nil)) }
        }
        return changes
    }
}
