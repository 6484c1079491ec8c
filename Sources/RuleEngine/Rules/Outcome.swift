/// The outcome of one rule for one subject (docs/architecture.md, "Outcomes and exit codes").
public enum Outcome: String, Sendable, Hashable, Codable, CaseIterable {
    case pass, info, warn, fail
    /// The rule could not judge: an input lookup failed or the expression erred.
    case error
    /// The rule's `when` does not hold for these facts.
    case notApplicable = "n/a"
}
