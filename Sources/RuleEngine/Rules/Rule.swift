/// How much a rule matters when it does not hold.
public enum Severity: String, Sendable, Hashable, Codable, CaseIterable {
    case info, warn, fail
}

/// The outcome of one rule for one subject (DESIGN.md, "Outcomes and exit codes").
public enum Outcome: String, Sendable, Hashable, Codable {
    case pass, info, warn, fail
    /// The rule could not judge: an input lookup failed or the expression erred.
    case error
    /// The rule's `when` does not hold for these facts.
    case notApplicable = "n/a"
}

/// Where something in a rule file is.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var description: String { "\(file):\(line)" }
}

/// One rule of a rule file (DESIGN.md, "Rules").
public struct Rule: Sendable {
    public var id: String
    public var title: String
    public var severity: Severity
    /// The rule file's area (`mx`, `spf`, ...).
    public var area: String
    /// A fact list to judge element by element (`mx.exchanges`); nil for once per domain.
    public var scope: String?
    /// The name the element has in the expressions (default `item`).
    public var variable: String
    /// `when`: applicability; the outcome is n/a when it does not hold.
    public var when: CELExpr?
    /// `check`: what must hold.
    public var check: CELExpr
    /// Fact paths of lookups (with an `outcome`) or parts (with a `status`) the rule needs:
    /// when one of them failed, the outcome is `error`, never `fail`.
    public var requires: [String]
    public var message: MessageTemplate
    public var fix: MessageTemplate?
    public var refs: [String]
    public var examples: [RuleExample]
    public var location: SourceLocation
}

public struct RuleExample: Sendable {
    public enum Expectation: String, Sendable { case pass, fail }
    public var expectation: Expectation
    public var facts: CELValue
    public var location: SourceLocation
}
