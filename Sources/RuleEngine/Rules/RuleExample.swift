public struct RuleExample: Sendable {
    public enum Expectation: String, Sendable { case pass, fail }
    public var expectation: Expectation
    public var facts: CELValue
    public var location: SourceLocation
}
