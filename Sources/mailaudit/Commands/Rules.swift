import ArgumentParser
import Foundation
import MailFacts
import Reports
import RuleEngine

extension MailAudit {
    struct Rules: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List, show and test rules.",
            subcommands: [List.self, Show.self, Test.self]
        )

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the rules (built-in, plus --rules DIR), sorted by id.")
            @Option(name: .customLong("rules"), help: ArgumentHelp("A folder of rule files to add.", valueName: "dir"))
            var rulesDirectory: String?

            @OptionGroup var output: PrintFormatOptions

            /// One rule as `rules list --format json` prints it.
            struct Entry: Encodable {
                let id: String, area: String, severity: String, title: String, refs: [String], definedAt: String
            }

            func run() throws {
                let rules = try loadRules(rulesDirectory).sorted { $0.id < $1.id }
                if output.isJSON {
                    let entries = rules.map { Entry(id: $0.id, area: $0.area, severity: $0.severity.rawValue, title: $0.title,
                                                    refs: $0.refs, definedAt: $0.location.description) }
                    try StandardOutput.write(try JSONOutput.encode(entries))
                    return
                }
                // Whole ids, so that each can be given to `rules show` as printed.
                let width = rules.map(\.id.count).max() ?? 0
                for rule in rules {
                    try StandardOutput.print("\(rule.id.padding(toLength: width, withPad: " ", startingAt: 0))  \(rule.severity.rawValue.padding(toLength: 4, withPad: " ", startingAt: 0))  \(rule.title)")
                }
            }
        }

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Show one rule.")
            @Argument(help: "The rule id, e.g. spf.too-many-lookups.") var id: String
            @Option(name: .customLong("rules"), help: ArgumentHelp("A folder of rule files to add.", valueName: "dir"))
            var rulesDirectory: String?

            func run() throws {
                guard let rule = try loadRules(rulesDirectory).first(where: { $0.id == id }) else {
                    throw UserError("no rule '\(id)'; `mailaudit rules list` shows them all")
                }
                try StandardOutput.print("""
                    \(rule.id): \(rule.title)
                      severity: \(rule.severity.rawValue)   area: \(rule.area)   defined at: \(rule.location)
                      scope: \(rule.scope ?? "the domain")
                      message: \(rule.message.source)
                      fix: \(rule.fix?.source ?? "-")
                      refs: \(rule.refs.joined(separator: "; "))
                      examples: \(rule.examples.filter { $0.expectation == .pass }.count) pass, \(rule.examples.filter { $0.expectation == .fail }.count) fail
                    """)
            }
        }

        struct Test: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Run every example of every rule in a folder (default: the built-in rules).",
                discussion: "Exit code 0 when all hold, 2 when an example fails or a rule lacks examples or references, 3 when a file has an error.")
            @Argument(help: "A folder of rule files.") var directory: String?

            func run() throws {
                let rules: [Rule]
                do {
                    if let directory {
                        guard FileManager.default.fileExists(atPath: directory) else { throw UserError("\(directory): no such folder") }
                        rules = try RuleFileLoader.load(directory: directory)
                    } else {
                        rules = try RuleSet.load(extraDirectory: nil)
                    }
                } catch let error as RuleFileError {
                    throw UserError(error.description)
                }
                let report = RuleExamples.run(rules)
                for failure in report.failures { try StandardOutput.print("FAIL \(failure)") }
                try StandardOutput.print("\(report.rules) rules, \(report.examples) examples")
                let structural = report.failures.count - report.failedExamples
                try StandardOutput.print("\(report.examples - report.failedExamples) passed, \(report.failedExamples) failed"
                      + (structural > 0 ? "; \(structural) rule problems (missing examples or references)" : ""))
                if !report.failures.isEmpty { throw ExitCode(ExitStatus.failures.rawValue) }
            }
        }
    }
}
