import MailFacts
import RuleEngine

/// One side of a comparison: a domain's findings and (when known) its facts, from a run of
/// the history or a saved report.
public struct DriftPoint: Sendable {
    /// Where it comes from, for a reader: "run 12", "baseline report.json".
    public var source: String
    /// When its facts were collected (RFC 3339).
    public var time: String
    public var findings: [Finding]
    /// Nil when the report was saved without facts (`--facts summary` or `none`): only the
    /// findings are compared then.
    public var facts: FactSet?
    /// The domain could not be audited at all then (the resolver failed, ...).
    public var collectionError: String?
    /// Older records whose findings or server facts stand in for what this one did not
    /// measure (`fill`), for a reader: "run 10".
    public var filledFrom: [String] = []

    public init(source: String, time: String, findings: [Finding], facts: FactSet?, collectionError: String? = nil) {
        self.source = source
        self.time = time
        self.findings = findings
        self.facts = facts
        self.collectionError = collectionError
    }
}

extension DriftPoint {
    /// The rules this point judged: those with a finding that is not `notTested`. A rule with
    /// no finding at all (the rule not in the profile) was not judged, and with the probes off
    /// neither was a rule measured by the probes that is only `n/a` (the MTA-STS policy rules
    /// have no policy to judge then: their n/a is "not measured", not "no longer applies"). A
    /// DNS rule's n/a is judged either way (a DMARC record removed in that run is resolved).
    public var judgedRules: Set<String> {
        Set(findings.filter { $0.notTested != true && !(probesOff && $0.outcome == .notApplicable && Self.measuredByProbes($0.ruleID)) }
            .map(\.ruleID))
    }

    /// The rules whose input comes from the probes: the servers, and the MTA-STS policy
    /// fetched with them. (Named here by their areas; the record rules mtasts.missing and
    /// mtasts.invalid read DNS.)
    public static func measuredByProbes(_ ruleID: String) -> Bool {
        ["smtp.", "submission.", "dane.", "mtasts."].contains(where: ruleID.hasPrefix) && !["mtasts.missing", "mtasts.invalid"].contains(ruleID)
    }

    /// The servers were deliberately not probed (`--no-smtp`); false when unknown (no facts).
    public var probesOff: Bool { facts?.smtp?.status == .skipped }

    /// Whether the servers were probed (not `--no-smtp`): what they said is in the facts.
    public var probed: Bool { facts?.smtp.map { $0.status != .skipped } ?? false }

    /// What `later` measured and this point did not: the rules it judged that this one did
    /// not, and the servers (with the MTA-STS policy, fetched with the probes) when `later`
    /// probed them and this point did not. An earlier side
    /// that lacks them would make every problem found there "new" (a problem
    /// measured again after a `--no-smtp` run is not news).
    public func unmeasured(comparedWith later: DriftPoint) -> Unmeasured {
        Unmeasured(rules: later.judgedRules.subtracting(judgedRules), servers: later.probed && !probed && facts != nil)
    }

    public struct Unmeasured: Sendable, Equatable {
        public var rules: Set<String>
        public var servers: Bool
        public var isEmpty: Bool { rules.isEmpty && !servers }
        public init(rules: Set<String>, servers: Bool) {
            self.rules = rules
            self.servers = servers
        }
    }

    /// This point with what it did not measure taken from `older`, an earlier record of the
    /// same domain that did: the findings of those rules (when `older` judged them) and the
    /// servers' facts (when `older` probed). Returns what is still missing after it.
    public mutating func fill(_ missing: Unmeasured, from older: DriftPoint) -> Unmeasured {
        var left = missing
        let taken = missing.rules.intersection(older.judgedRules)
        if !taken.isEmpty {
            findings.removeAll { taken.contains($0.ruleID) }
            findings += older.findings.filter { taken.contains($0.ruleID) }
            left.rules.subtract(taken)
        }
        if missing.servers, older.probed, let olderFacts = older.facts {
            facts?.smtp = olderFacts.smtp
            facts?.submission = olderFacts.submission
            facts?.mtaStsPolicy = olderFacts.mtaStsPolicy
            left.servers = false
        }
        if !taken.isEmpty || !left.servers && missing.servers {
            filledFrom.append(older.source)
        }
        return left
    }
}
