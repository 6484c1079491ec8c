import Foundation
import Testing
@testable import RuleEngine

/// One cause, one finding: a rule that does not pass supersedes the findings of the rules it
/// names for the same subject.
@Suite("supersedes")
struct SupersedesTests {
    static let rules = try! RuleSet.load(extraDirectory: nil)

    static func judge(_ facts: [String: Any]) throws -> [Finding] {
        let value = try JSONDecoder().decode(CELValue.self, from: JSONSerialization.data(withJSONObject: facts))
        return RuleJudge(rules: rules.filter { $0.area == "dkim" || $0.area == "dmarc" }).judge(value, subject: "example.org")
    }

    @Test("a 512-bit key: dkim.weak-rsa fails, dkim.short-rsa is kept as superseded for the same selector only")
    func dkim() throws {
        let key512: [String: Any] = ["keyType": "rsa", "bits": 512, "valid": true, "revoked": false, "testing": false, "usableForEmail": true]
        let key1024: [String: Any] = ["keyType": "rsa", "bits": 1024, "valid": true, "revoked": false, "testing": false, "usableForEmail": true]
        let findings = try Self.judge(["domain": "example.org", "dkim": [
            "domainKeyLookup": ["outcome": "nodata"], "commonSelectorsTried": 0, "found": ["a", "b"],
            "selectors": [["selector": "a", "source": "given", "keys": [key512]], ["selector": "b", "source": "given", "keys": [key1024]]],
        ]])
        let weak = findings.filter { $0.ruleID == "dkim.weak-rsa" && $0.outcome == .fail }
        let short = findings.filter { $0.ruleID == "dkim.short-rsa" }
        #expect(weak.map(\.subject) == ["a"])
        #expect(short.first { $0.subject == "a" }?.supersededBy == "dkim.weak-rsa")
        #expect(short.first { $0.subject == "b" }?.supersededBy == nil && short.first { $0.subject == "b" }?.outcome == .warn,
                "another selector's short key is its own finding")
    }

    @Test("p=none: dmarc.not-reject is superseded by dmarc.p-none; p=quarantine: not-reject stands alone")
    func dmarc() throws {
        func facts(_ p: String) -> [String: Any] {
            ["domain": "example.org", "dmarc": ["status": "found", "effectivePolicy": p, "effectivePolicySource": "p at example.org",
                                                "policyDomain": "example.org", "inherited": false, "treeWalk": [], "reportDestinations": [],
                                                "recordsAtDomain": ["v=DMARC1; p=\(p)"]]]
        }
        let none = try Self.judge(facts("none"))
        #expect(none.first { $0.ruleID == "dmarc.not-reject" }?.supersededBy == "dmarc.p-none")
        let quarantine = try Self.judge(facts("quarantine"))
        #expect(quarantine.first { $0.ruleID == "dmarc.not-reject" }.map { $0.outcome == .info && $0.supersededBy == nil } == true)
    }

    @Test("a waived superseding finding does not hide the one it supersedes (waivers apply first)")
    func waivedSuperseding() throws {
        let facts: [String: Any] = ["domain": "example.org", "dmarc": [
            "status": "found", "effectivePolicy": "none", "effectivePolicySource": "p at example.org", "policyDomain": "example.org",
            "inherited": false, "treeWalk": [], "reportDestinations": [], "recordsAtDomain": ["v=DMARC1; p=none"]]]
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("waive-\(UUID()).yaml").path
        try "name: waiving\nextends: default\nwaivers: [{rule: dmarc.p-none, subject: example.org, reason: monitoring first, expires: 2999-01-01}]\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let profile = try ProfileLoader.load(path, rules: Self.rules)
        let value = try JSONDecoder().decode(CELValue.self, from: JSONSerialization.data(withJSONObject: facts))
        let findings = RuleJudge(rules: Self.rules.filter { $0.area == "dmarc" }).judge(value, subject: "example.org", waivers: profile)
        #expect(findings.first { $0.ruleID == "dmarc.p-none" }?.waiver?.reason == "monitoring first")
        let notReject = try #require(findings.first { $0.ruleID == "dmarc.not-reject" })
        #expect(notReject.supersededBy == nil && notReject.waiver == nil && notReject.outcome != .pass,
                "the waiver accepts p=none; that the policy is not reject still shows")
    }

    @Test("an MX lookup that fails while the TXT lookup answered leaves DMARC judged; both failing is one error that blocks the rest")
    func apexFailure() throws {
        let rules = Self.rules.filter { ["domain", "dmarc", "mx"].contains($0.area) }
        func judge(txt: String) throws -> [Finding] {
            let facts: [String: Any] = ["domain": "example.org", "mx": ["lookup": ["outcome": "servfail"]],
                                        "txt": ["domain": ["lookup": ["outcome": txt]]], "dmarc": ["status": "none"]]
            let value = try JSONDecoder().decode(CELValue.self, from: JSONSerialization.data(withJSONObject: facts))
            return RuleJudge(rules: rules).judge(value, subject: "example.org")
        }
        let partly = try judge(txt: "records")
        #expect(partly.first { $0.ruleID == "domain.exists" }?.outcome == .pass)
        let missing = try #require(partly.first { $0.ruleID == "dmarc.missing" })
        #expect(missing.outcome == .fail && missing.blockedBy == nil, "a definite DMARC failure stands: \(missing)")
        let dead = try judge(txt: "servfail")
        let exists = try #require(dead.first { $0.ruleID == "domain.exists" })
        #expect(exists.outcome == .error && exists.message.contains("MX lookup"), "\(exists.message)")
        #expect(dead.first { $0.ruleID == "dmarc.missing" }?.blockedBy == "domain.exists")
    }

    @Test("a rule file that supersedes a rule that does not exist is an error naming the rule")
    func unknown() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("supersedes-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
            area: mine
            rules:
              - id: mine.x
                title: x
                severity: warn
                check: "true"
                message: m
                refs: ["RFC 5321"]
                supersedes: [spf.no-such-rule]
                examples: {pass: [{domain: example.org}], fail: []}
            """.write(to: folder.appendingPathComponent("mine.yaml"), atomically: true, encoding: .utf8)
        #expect(throws: RuleFileError.self) { try RuleSet.load(extraDirectory: folder.path) }
        do { _ = try RuleSet.load(extraDirectory: folder.path) } catch {
            #expect(error.description.contains("mine.x") && error.description.contains("spf.no-such-rule"))
        }
    }
}
