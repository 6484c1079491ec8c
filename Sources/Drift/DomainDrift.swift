import Foundation
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
    /// False when either side had no facts to compare (a report saved without them, or a
    /// domain that could not be audited).
    public var factsCompared: Bool
    /// Why nothing was compared, when one side could not be audited at all: its findings
    /// are empty, which would read as every problem resolved (or new) otherwise.
    public var notCompared: String?
    /// Older records that stand in for what the earlier side did not measure and this audit
    /// did (a `--no-smtp` run between two probed ones): "run 10". A problem measured again is
    /// compared with the last record that measured it, never counted as new.
    public var alsoSince: [String]?

    public var isEmpty: Bool { findings.isEmpty && facts.isEmpty }
    /// Something changed in what was measured both times: a finding, or a fact that was seen
    /// on both sides (or added, removed). A fact only not seen this time (`--no-smtp`) is no
    /// change of the domain: `--quiet` does not report a domain for it.
    public var hasChanges: Bool { !findings.isEmpty || facts.contains { $0.kind != .unseen } }
    /// The findings that are new or worse: what `--fail-on new` and `--quiet` act on.
    public var news: [FindingChange] { findings.filter(\.isNews) }

    /// `remindAfterDays`: a problem unchanged since then is news again each time its age
    /// passes a multiple of that many days (`--remind-after`), between the earlier audit and
    /// this one; with `fixedEarlier` (a baseline report, the same every night) between a day
    /// ago and now, so that a nightly job is reminded on the day, not every night after it.
    public init(domain: String, from earlier: DriftPoint, to later: DriftPoint, remindAfterDays: Int? = nil, fixedEarlier: Bool = false) {
        self.domain = domain
        since = earlier.source
        sinceTime = earlier.time
        alsoSince = earlier.filledFrom.isEmpty ? nil : earlier.filledFrom
        // A side that could not be audited at all says nothing about its findings or facts.
        if let error = later.collectionError ?? earlier.collectionError {
            findings = []
            facts = []
            factsCompared = false
            notCompared = (later.collectionError != nil ? "this audit" : "the earlier audit") + " could not be made: " + error
            return
        }
        findings = Self.findingChanges(from: earlier.findings, to: later.findings, judged: later.judgedRules)
        if let days = remindAfterDays, days > 0 {
            findings += Self.reminders(from: earlier, to: later, days: days, fixedEarlier: fixedEarlier)
        }
        if let before = earlier.facts, let after = later.facts {
            facts = Self.factChanges(from: WatchedFacts.of(before), to: WatchedFacts.of(after))
            factsCompared = true
        } else {
            facts = []
            factsCompared = false
        }
    }

    static func key(_ finding: Finding) -> String { finding.ruleID + "\0" + finding.subject }

    /// The later findings with `since` set: a problem that was the same problem in the earlier
    /// audit keeps its `since` (or the earlier audit's time, for a record made before `since`
    /// was kept); any other problem starts now; a finding that is no problem has none.
    public static func carryingSince(_ later: [Finding], laterTime: String, earlier: [Finding], earlierTime: String) -> [Finding] {
        let before = Dictionary(earlier.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        return later.map { finding in
            var finding = finding
            let now = FindingState(finding)
            guard now.isProblem else { finding.since = nil; return finding }
            if let was = before[key(finding)], FindingState(was) == now {
                finding.since = was.since ?? earlierTime
            } else {
                finding.since = laterTime
            }
            return finding
        }
    }

    /// The problems unchanged since the earlier audit whose age, counted from their `since`,
    /// passed a multiple of `days` between the two audits: one reminder each `days` days.
    static func reminders(from earlier: DriftPoint, to later: DriftPoint, days: Int, fixedEarlier: Bool = false) -> [FindingChange] {
        let formatter = ISO8601DateFormatter()
        guard let recorded = formatter.date(from: earlier.time), let now = formatter.date(from: later.time) else { return [] }
        let then = fixedEarlier ? max(recorded, now.addingTimeInterval(-86_400)) : recorded
        let before = Dictionary(earlier.findings.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        let period = Double(days) * 86_400
        var reminders: [FindingChange] = []
        for finding in later.findings {
            let state = FindingState(finding)
            guard state.isProblem, state != .info, let was = before[key(finding)], FindingState(was) == state,
                  let since = finding.since.flatMap(formatter.date(from:)) else { continue }
            let ageNow = now.timeIntervalSince(since), ageThen = then.timeIntervalSince(since)
            guard ageNow >= period, (ageNow / period).rounded(.down) > (max(0, ageThen) / period).rounded(.down) else { continue }
            var change = FindingChange(kind: .reminder, ruleID: finding.ruleID, subject: finding.subject, title: finding.title,
                                       from: state, to: state, message: finding.message)
            change.since = finding.since
            reminders.append(change)
        }
        return reminders
    }

    /// `judged`: the rules the later side judged something with (`DriftPoint.judgedRules`); a
    /// problem whose rule judged nothing this time (probes off, the rule disabled) was not
    /// measured, not resolved.
    static func findingChanges(from earlier: [Finding], to later: [Finding], judged: Set<String>) -> [FindingChange] {
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
            case (true, false):
                // Gone because it was not measured this time (--no-smtp, only the negotiated
                // TLS version seen): no news either way, never "resolved".
                if after[k]?.notTested == true { continue }
                if let rule = before[k]?.ruleID, !judged.contains(rule) { continue }
                kind = .resolved
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
        // A fact that is missing now was removed only if what would hold it was seen: the MX
        // set for TLSA records, the probes for what servers said.
        let mxSeen = after["mx"].map { $0.value != nil } ?? false
        let probed = after[WatchedFacts.probedKey]?.value != nil
        func missingKind(_ key: String) -> FactChange.Kind {
            if key.hasPrefix("tlsa:") { return mxSeen ? .removed : .unseen }
            if WatchedFacts.endpointPrefixes.contains(where: key.hasPrefix) { return mxSeen && probed ? .removed : .unseen }
            // The MTA-STS policy is fetched with the probes: not fetched is not removed.
            if key == WatchedFacts.policyModeKey { return probed ? .removed : .unseen }
            return .removed
        }
        for fact in later where !fact.key.hasPrefix("_") {
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
        for fact in earlier where after[fact.key] == nil && !fact.key.hasPrefix("_") {
            if let value = fact.value, value != "none" {
                changes.append(FactChange(kind: missingKind(fact.key), key: fact.key, label: fact.label, from: value, to: nil))
            }
        }
        return changes
    }
}
