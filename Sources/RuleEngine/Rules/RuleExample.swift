public struct RuleExample: Sendable {
    /// `error`: the facts leave the rule unable to judge (a required lookup failed).
    /// `notTested`: the check holds on what was measured, but a `notTested` condition says
    /// the rest was not measured.
    public enum Expectation: String, Sendable { case pass, fail, error, notTested }
    public var expectation: Expectation
    public var facts: CELValue
    public var location: SourceLocation
}
