import Foundation
import Testing
@testable import RuleEngine

/// Every rule file in `rules/` loads and every rule's examples hold (docs/extending.md; SwiftLint's
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

    @Test("a rule that could not judge is titled as an open question, never with its pass title as if it held")
    func errorTitles() throws {
        let rules = try RuleFileLoader.load(directory: Self.directory)
        for rule in rules {
            let title = rule.couldNotCheckTitle
            #expect(rule.errorTitle != nil || title.hasPrefix("Could not check whether "), "\(rule.id): \(title)")
            #expect(!title.hasPrefix("Could not check: "), "\(rule.id): \(title)")
        }
        let listed = try #require(rules.first { $0.id == "dnsbl.list-usable" })
        #expect(listed.couldNotCheckTitle == "The blocklist cannot be used")
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

/// An endpoint the run could not probe before the domain's deadline is judged `error` by
/// every rule about endpoints: never pass, never fail.
@Suite("Probe rules and unprobed endpoints")
struct UnprobedEndpointTests {
    @Test("every smtp.endpoints and submission.endpoints rule gives error for probe.outcome deadline-exceeded")
    func deadline() throws {
        let rules = try RuleSet.load(extraDirectory: nil)
        let scoped = rules.filter { $0.scope == "smtp.endpoints" || $0.scope == "submission.endpoints" }
        #expect(scoped.count >= 18)
        let endpoint: [String: Any] = ["host": "mx.example.org", "address": "192.0.2.1", "port": 25, "service": "mx",
                                       "outcome": "deadline-exceeded", "authBeforeTLS": [String](),
                                       "probe": ["outcome": "deadline-exceeded", "detail": "no connection slot came free before the deadline"]]
        let facts: [String: Any] = ["domain": "example.org", "smtp": ["status": "probed", "endpoints": [endpoint]],
                                    "submission": ["endpoints": [endpoint]]]
        let value = try JSONDecoder().decode(CELValue.self, from: JSONSerialization.data(withJSONObject: facts))
        let judge = RuleJudge(rules: scoped)
        let findings = judge.judge(value, subject: "example.org")
        #expect(findings.count == scoped.count)
        for finding in findings {
            #expect(finding.outcome == .error && finding.message.contains("deadline"), "\(finding.ruleID): \(finding.outcome) \(finding.message)")
        }
    }
}

/// `requires` and `when` together: a failed input is `error`; an input never collected is
/// `error` unless the rule does not apply.
@Suite("requires with when")
struct RequiresWhenTests {
    static func judge(_ id: String, _ facts: [String: Any]) throws -> Finding {
        let rules = try RuleSet.load(extraDirectory: nil).filter { $0.id == id }
        let value = try JSONDecoder().decode(CELValue.self, from: JSONSerialization.data(withJSONObject: facts))
        return try #require(RuleJudge(rules: rules).judge(value, subject: "example.org").first)
    }

    @Test("an MTA-STS policy never fetched (no record, or --no-smtp) is n/a; one whose host lookups failed is error")
    func policy() throws {
        let none = try Self.judge("mtasts.policy-unreachable", ["domain": "example.org", "mtaSts": ["status": "none"]])
        #expect(none.outcome == .notApplicable)
        let noSMTP = try Self.judge("mtasts.policy-unreachable", ["domain": "example.org", "mtaSts": ["status": "valid"]])
        #expect(noSMTP.outcome == .notApplicable, "a valid record whose policy was not fetched (--no-smtp): \(noSMTP.outcome)")
        let failed = try Self.judge("mtasts.policy-unreachable", [
            "domain": "example.org", "mtaSts": ["status": "valid"],
            "mtaStsPolicy": ["url": "https://mta-sts.example.org/.well-known/mta-sts.txt", "fetch": ["outcome": "lookup-failed"],
                             "probe": ["outcome": "lookup-failed", "detail": "A servfail, AAAA servfail"]],
        ])
        #expect(failed.outcome == .error && failed.message.contains("servfail"), "\(failed.message)")
        let refused = try Self.judge("mtasts.policy-unreachable", [
            "domain": "example.org", "mtaSts": ["status": "valid"],
            "mtaStsPolicy": ["url": "https://mta-sts.example.org/.well-known/mta-sts.txt", "fetch": ["outcome": "refused"], "probe": ["outcome": "done"]],
        ])
        #expect(refused.outcome == .fail, "a server that refuses is a fact about the server")
    }

    @Test("the one convention: a failed outcome, a lookup-failed status, or a walk's 'failed: ...' string is error; else the check runs")
    func convention() throws {
        let rules = try RuleFileLoader.load([("t.yaml", """
            area: t
            rules:
              - id: t.root
                title: t
                severity: fail
                requires: [spf.tree.lookup, mx.lookup, spf]
                check: "false"
                message: "m"
                refs: ["RFC 7208"]
                examples: {pass: [], fail: []}
            """)], checkPaths: false)
        func outcome(_ facts: [String: Any]) throws -> Outcome {
            let value = try JSONDecoder().decode(CELValue.self, from: JSONSerialization.data(withJSONObject: facts))
            return try #require(RuleJudge(rules: rules).judge(value, subject: "example.org").first).outcome
        }
        let fine: [String: Any] = ["spf": ["status": "valid", "tree": ["lookup": "found"]], "mx": ["lookup": ["outcome": "records"]]]
        #expect(try outcome(fine) == .fail)
        #expect(try outcome(["spf": ["status": "valid", "tree": ["lookup": "failed: servfail"]], "mx": ["lookup": ["outcome": "records"]]]) == .error)
        #expect(try outcome(["spf": ["status": "valid", "tree": ["lookup": "found"]], "mx": ["lookup": ["outcome": "timeout"]]]) == .error)
        #expect(try outcome(["spf": ["status": "lookup-failed", "tree": ["lookup": "found"]], "mx": ["lookup": ["outcome": "nxdomain"]]]) == .error)
    }
}
