/// How much a rule matters when it does not hold.
public enum Severity: String, Sendable, Hashable, Codable, CaseIterable {
    case info, warn, fail
}
