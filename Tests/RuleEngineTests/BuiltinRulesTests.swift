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

    @Test("the rules compiled into the binary are the files in rules/ (run scripts/embed-rules.sh after editing)")
    func embedded() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.directory).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(BuiltinRuleFiles.files.map(\.name) == names)
        for (name, text) in BuiltinRuleFiles.files {
            let onDisk = try String(contentsOfFile: Self.directory + "/" + name, encoding: .utf8)
            #expect(text + "\n" == onDisk || text == onDisk, "\(name) differs from the compiled-in copy: run scripts/embed-rules.sh")
        }
        let profiles = try FileManager.default.contentsOfDirectory(atPath: Self.directory + "/profiles").filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(BuiltinRuleFiles.profiles.map { $0.name + ".yaml" } == profiles)
        for (name, text) in BuiltinRuleFiles.profiles {
            let onDisk = try String(contentsOfFile: Self.directory + "/profiles/" + name + ".yaml", encoding: .utf8)
            #expect(text + "\n" == onDisk || text == onDisk, "profile \(name) differs from the compiled-in copy: run scripts/embed-rules.sh")
        }
        let rules = try RuleFileLoader.load(BuiltinRuleFiles.files.map { ("rules/" + $0.name, $0.text) })
        #expect(rules.count == (try RuleFileLoader.load(directory: Self.directory)).count)
    }
}
