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

    public init(source: String, time: String, findings: [Finding], facts: FactSet?, collectionError: String? = nil) {
        self.source = source
        self.time = time
        self.findings = findings
        self.facts = facts
        self.collectionError = collectionError
    }
}
