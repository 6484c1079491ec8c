/// A problem in a rule file: where it is (file, line, rule id) and what to fix.
public struct RuleFileError: Error, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    public var ruleID: String?
    public var message: String

    public var description: String {
        "\(location)\(ruleID.map { ": rule \($0)" } ?? ""): \(message)"
    }
}
