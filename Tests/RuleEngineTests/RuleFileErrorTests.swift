import Testing
@testable import RuleEngine

private let validRuleFile = """
    area: test
    rules:
      - id: test.one
        title: One
        passTitle: One holds
        severity: warn
        impact: 2
        check: "a == 1"
        message: "a is {{ a }}"
        refs: ["RFC 0"]
        examples:
          pass: [{a: 1}]
          fail: [{a: 2}]
    """

/// A mistake in a rule file is reported with file, line and rule id, and loading stops.
@Suite("Rule file errors")
struct RuleFileErrorTests {

    private func error(_ text: String, _ others: [(String, String)] = []) -> RuleFileError? {
        do {
            _ = try RuleFileLoader.load([("rules/test.yaml", text)] + others, checkPaths: false)
            return nil
        } catch {
            return error
        }
    }

    @Test("a valid file loads")
    func valid() throws {
        let rules = try RuleFileLoader.load([("rules/test.yaml", validRuleFile)], checkPaths: false)
        #expect(rules.map(\.id) == ["test.one"] && rules[0].location.line == 3)
        #expect(RuleExamples.run(rules).failures.isEmpty)
    }

    @Test("bad YAML, an unknown key, an expression syntax error, a bad severity", arguments: [
        ("area: test\nrules:\n  - id: x\n    title: [unclosed\n", 5, nil as String?, "not valid YAML"),
        (validRuleFile.replacingOccurrences(of: "    refs:", with: "    ref: [x]\n    refs:"), 10, "test.one", "unknown key 'ref'"),
        (validRuleFile.replacingOccurrences(of: "\"a == 1\"", with: "\"a == == 1\""), 8, "test.one", "check:"),
        (validRuleFile.replacingOccurrences(of: "severity: warn", with: "severity: loud"), 6, "test.one", "severity 'loud'"),
        (validRuleFile.replacingOccurrences(of: "{{ a }}", with: "{{ a "), 9, "test.one", "'{{' without '}}'"),
    ])
    func mistakes(text: String, line: Int, ruleID: String?, message: String) throws {
        let failure = try #require(error(text))
        #expect(failure.location.file == "rules/test.yaml")
        #expect(failure.location.line == line, "\(failure)")
        #expect(failure.ruleID == ruleID)
        #expect(failure.message.contains(message), "\(failure)")
    }

    @Test("a fact path that the facts do not have is an error with the rule's place", arguments: [
        ("check: \"spf.dnsLookupz > 10\"", "no fact 'spf.dnsLookupz'"),
        ("scope: mx.exchangez\n    check: \"true\"", "scope: no fact 'mx.exchangez'"),
        ("scope: mx.exchanges\n    as: ex\n    check: \"ex.nmae == ''\"", "no fact 'mx.exchanges.nmae'"),
        ("requires: [spf.lookup]\n    check: \"true\"", "requires: no fact 'spf.lookup'"),
    ])
    func factPaths(rule: String, message: String) throws {
        let text = "area: t\nrules:\n  - id: t.one\n    title: T\n    severity: warn\n    \(rule)\n    message: m\n"
        #expect {
            try RuleFileLoader.load([("rules/t.yaml", text)])
        } throws: { error in
            guard let error = error as? RuleFileError else { return false }
            return error.message.contains(message) && error.ruleID == "t.one" && error.location.line == 3
        }
        let fine = "area: t\nrules:\n  - id: t.one\n    title: T\n    severity: warn\n    scope: mx.exchanges\n    as: ex\n    check: \"ex.addresses.all(a, a.fcrdns) && has(facts.dnssec) && size(domain) > 0\"\n    message: m\n"
        #expect(throws: Never.self) { try RuleFileLoader.load([("rules/t.yaml", fine)]) }
    }

    @Test("a duplicate rule id across files names both places")
    func duplicate() throws {
        let failure = try #require(error(validRuleFile, [("rules/other.yaml", validRuleFile)]))
        #expect(failure.ruleID == "test.one" && failure.location.file == "rules/other.yaml")
        #expect(failure.message.contains("first defined at rules/test.yaml:3"))
    }

    @Test("a rule without a fail example, or whose example does not hold, fails the example run")
    func examples() throws {
        let missing = try RuleFileLoader.load([("t.yaml", validRuleFile.replacingOccurrences(of: "\n      fail: [{a: 2}]", with: ""))], checkPaths: false)
        #expect(RuleExamples.run(missing).failures.map(\.message) == ["has no fail example"])
        // A rule of one's own without an impact loads (2), but the example run asks for one.
        let noImpact = try RuleFileLoader.load([("t.yaml", validRuleFile.replacingOccurrences(of: "    impact: 2\n", with: ""))], checkPaths: false)
        #expect(noImpact.first?.impact == 2 && RuleExamples.run(noImpact).failures.map(\.message) == ["has no impact (1 to 5: what the problem costs)"])
        #expect(throws: RuleFileError.self) {
            try RuleFileLoader.load([("t.yaml", validRuleFile.replacingOccurrences(of: "impact: 2", with: "impact: 9"))], checkPaths: false)
        }
        let wrong = try RuleFileLoader.load([("t.yaml", validRuleFile.replacingOccurrences(of: "fail: [{a: 2}]", with: "fail: [{a: 1}]"))], checkPaths: false)
        #expect(RuleExamples.run(wrong).failures.first?.message.contains("fail example gave") == true)
    }

    @Test("a failed input lookup makes the outcome error, not fail")
    func requires() throws {
        let text = validRuleFile.replacingOccurrences(of: "    check:", with: "    requires: [lookup]\n    check:")
        let rules = try RuleFileLoader.load([("t.yaml", text)], checkPaths: false)
        let facts = CELValue.map([CELMapEntry(key: .string("a"), value: .int(2)),
                                  CELMapEntry(key: .string("lookup"), value: .map([CELMapEntry(key: .string("outcome"), value: .string("timeout"))]))])
        let finding = try #require(RuleJudge(rules: rules).judge(facts, subject: "example.org").first)
        #expect(finding.outcome == .error && finding.message.contains("timeout"))
    }
}
