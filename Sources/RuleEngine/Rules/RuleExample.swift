public struct RuleExample: Sendable {
    /// `error`: the facts leave the rule unable to judge (a required lookup failed).
    public enum Expectation: String, Sendable { case pass, fail, error }
    public var expectation: Expectation
    public var facts: CELValue
    public var location: SourceLocation
}
