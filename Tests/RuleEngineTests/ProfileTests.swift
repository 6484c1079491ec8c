import Foundation
import Testing
@testable import RuleEngine

@Suite("Profiles")
struct ProfileTests {
    static let rules: [Rule] = (try? RuleSet.load(extraDirectory: nil)) ?? []

    private func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("profile-\(UUID()).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("every built-in profile loads; baselines select rules and refer to their requirements")
    func builtins() throws {
        for (name, _) in BuiltinRuleFiles.profiles {
            let profile = try ProfileLoader.load(name, rules: Self.rules)
            #expect(!profile.apply(to: Self.rules).isEmpty, "\(name)")
        }
        let bod = try ProfileLoader.load("bod-18-01", rules: Self.rules)
        let applied = bod.apply(to: Self.rules)
        #expect(applied.allSatisfy { ["domain.", "spf.", "dmarc.", "mx.", "dnssec.", "smtp."].contains(where: $0.id.hasPrefix) })
        // BOD 18-01 (2)(a) and (2)(c): STARTTLS on every MX, no 3DES/RC4.
        let starttls = try #require(applied.first { $0.id == "smtp.starttls-missing" })
        #expect(starttls.severity == .fail && starttls.refs.contains { $0.contains("(2)(a)") })
        #expect(applied.first { $0.id == "smtp.weak-cipher" }?.severity == .fail)
        let notReject = try #require(applied.first { $0.id == "dmarc.not-reject" })
        #expect(notReject.severity == .fail && notReject.refs.contains { $0.hasPrefix("BOD 18-01") })
        #expect(try ProfileLoader.load("go-live", rules: Self.rules).apply(to: Self.rules).first { $0.id == "mx.implicit" }?.severity == .fail)
    }

    @Test("every built-in profile's requirement text names a rule it runs, and BOD 18-01's DHS reporting address is a rule, not only words")
    func requirementsAgree() throws {
        for (name, _) in BuiltinRuleFiles.profiles {
            let profile = try ProfileLoader.load(name, rules: Self.rules)
            let running = Set(profile.apply(to: Self.rules).map(\.id))
            for (rule, text) in profile.requirements {
                #expect(running.contains(rule), "\(name): '\(text)' is the requirement of \(rule), which the profile does not run")
            }
        }
        let bod = try ProfileLoader.load("bod-18-01", rules: Self.rules)
        // The rule alone (without the facts of a whole domain, domain.exists would block it).
        let judge = RuleJudge(rules: bod.apply(to: Self.rules).filter { $0.id == "dmarc.required-rua" })
        func record(_ rua: [String]) -> CELValue {
            .map([CELMapEntry(key: .string("domain"), value: .string("example.gov")),
                  CELMapEntry(key: .string("dmarc"), value: .map([
                    CELMapEntry(key: .string("status"), value: .string("found")),
                    CELMapEntry(key: .string("policyDomain"), value: .string("example.gov")),
                    CELMapEntry(key: .string("record"), value: .map([CELMapEntry(key: .string("rua"), value: .list(rua.map { address in
                        .map([CELMapEntry(key: .string("uri"), value: .string("mailto:" + address)),
                              CELMapEntry(key: .string("scheme"), value: .string("mailto")),
                              CELMapEntry(key: .string("address"), value: .string(address))])
                    }))]))]))])
        }
        func outcome(_ rua: [String]) -> Outcome? {
            judge.judge(record(rua), subject: "example.gov", waivers: bod).first { $0.ruleID == "dmarc.required-rua" }?.outcome
        }
        // The letter of (1)(c): reports go to DHS (beside the agency's own address).
        #expect(outcome(["dmarc@example.gov", "reports@dmarc.cyber.dhs.gov"]) == .pass)
        #expect(outcome(["dmarc@example.gov"]) == .fail)
        #expect(outcome([]) == .fail)
        // Under a profile without the setting the rule does not apply.
        let plain = RuleJudge(rules: Self.rules.filter { $0.id == "dmarc.required-rua" })
        #expect(plain.judge(record(["dmarc@example.gov"]), subject: "example.gov").first { $0.ruleID == "dmarc.required-rua" }?.outcome == .notApplicable)
    }

    @Test("a profile's settings must be read by a rule")
    func settings() throws {
        let path = try write("name: x\nextends: default\nsettings: {dmarcRequiredRua: [\"dmarc@example.org\"]}\n")
        #expect(try ProfileLoader.load(path, rules: Self.rules).settings["dmarcRequiredRua"] == .list([.string("dmarc@example.org")]))
        let typo = try write("name: x\nsettings: {dmarcRequiredRUA: [a@b.c]}\n")
        #expect {
            try ProfileLoader.load(typo, rules: Self.rules)
        } throws: { error in
            (error as? RuleFileError)?.message.contains("no rule reads 'dmarcRequiredRUA'") == true
        }
    }

    @Test("a waiver marks the finding (listed, with reason); an expired one does not")
    func waivers() throws {
        let path = try write("""
            name: ours
            extends: default
            waivers:
              - {rule: mx.implicit, subject: example.org, reason: "accepted", expires: 2099-01-01}
              - {rule: spf.missing, reason: "old", expires: 2001-01-01}
            """)
        let profile = try ProfileLoader.load(path, rules: Self.rules)
        let findings = [
            Finding(ruleID: "mx.implicit", title: "t", area: "mx", outcome: .warn, severity: .warn, subject: "example.org", message: "m", fix: nil, refs: []),
            Finding(ruleID: "spf.missing", title: "t", area: "spf", outcome: .fail, severity: .fail, subject: "example.org", message: "m", fix: nil, refs: []),
        ]
        let waived = profile.waive(findings)
        #expect(waived[0].waiver?.reason == "accepted" && waived[0].outcome == .warn)
        #expect(waived[1].waiver == nil && waived[1].message.contains("expired on 2001-01-01"))
    }

    @Test("mistakes are errors with their place", arguments: [
        ("name: x\nseverity: {no.such.rule: fail}\n", "no rule 'no.such.rule'"),
        ("name: x\nseverity: {spf.missing: loud}\n", "is not info, warn or fail"),
        ("name: x\nenable: [\"nothing.*\"]\n", "matches no rule"),
        ("name: x\nwaivers: [{rule: spf.missing, reason: r, expires: tomorrow}]\n", "not YYYY-MM-DD"),
        ("name: x\ncolour: blue\n", "unknown key 'colour'"),
        ("name: x\nextends: no-such-profile\n", "no such profile"),
    ])
    func mistakes(text: String, message: String) throws {
        let path = try write(text)
        #expect {
            try ProfileLoader.load(path, rules: Self.rules)
        } throws: { error in
            (error as? RuleFileError)?.message.contains(message) == true
        }
    }

    @Test("id patterns", arguments: [("spf.*", "spf.missing", true), ("*.missing", "dmarc.missing", true), ("spf.*", "dmarc.missing", false), ("mx.cname", "mx.cname", true)])
    func patterns(pattern: String, id: String, matches: Bool) {
        #expect(Profile.matches(pattern, id) == matches)
    }
}
