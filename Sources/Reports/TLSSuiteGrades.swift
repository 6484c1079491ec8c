import Foundation
import RuleEngine

/// The NCSC-NL grades of cipher suites that the outputs show (the versions × grades table of
/// each server), taken from the rule that judges them (`ncsc.suites-insufficient`'s
/// parameters: good, sufficient, phaseOut), never a table of their own.
public struct TLSSuiteGrades: Sendable {
    public static let ruleID = "ncsc.suites-insufficient"

    public enum Grade: String, Sendable, CaseIterable {
        case good, sufficient
        case phaseOut = "phase out"
        case insufficient
    }

    private let patterns: [(Grade, String)]

    /// From the rules of the run; nil when the rule or a pattern is missing.
    public init?(rules: [Rule]) {
        guard let rule = rules.first(where: { $0.id == Self.ruleID }),
              case .string(let good)? = rule.parameters["good"], case .string(let sufficient)? = rule.parameters["sufficient"],
              case .string(let phaseOut)? = rule.parameters["phaseOut"] else { return nil }
        patterns = [(.good, good), (.sufficient, sufficient), (.phaseOut, phaseOut)]
    }

    /// The built-in rules' grades.
    public static let builtin: TLSSuiteGrades? = (try? RuleSet.load(extraDirectory: nil)).flatMap { TLSSuiteGrades(rules: $0) }

    /// A suite's grade (OpenSSL's name): the first pattern it matches, else insufficient.
    public func grade(_ suite: String) -> Grade {
        for (grade, pattern) in patterns where suite.range(of: pattern, options: .regularExpression) != nil { return grade }
        return .insufficient
    }
}
