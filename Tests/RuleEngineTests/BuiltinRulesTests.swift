import Foundation
import Testing
@testable import RuleEngine

/// Every rule file in `rules/` loads and every rule's examples hold (STYLE.md, SwiftLint's
/// self-testing rules); a rule without pass and fail examples or without a reference fails.
@Suite("Built-in rules")
struct BuiltinRulesTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("rules").path

    @Test("every rule file loads, and every example of every rule holds")
    func examples() throws {
        let rules = try RuleFileLoader.load(directory: Self.directory)
        #expect(rules.count > 0)
        let report = RuleExamples.run(rules)
        print("rules: \(report.rules) rules, \(report.examples) examples, \(report.failures.count) failing")
        for failure in report.failures { print("rules: \(failure)") }
        #expect(report.failures.isEmpty, "\(report.failures.map(\.description).joined(separator: "\n"))")
    }
}
