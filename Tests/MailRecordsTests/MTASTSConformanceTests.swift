import Foundation
import Testing
@testable import MailRecords

/// MTA-STS vectors (go-mtasts, checkdmarc, postfix-mta-sts-resolver, stalwart): the TXT
/// record, the policy file, MX pattern matching and the policy's Content-Type (RFC 8461).
@Suite("MTA-STS: vectors")
struct MTASTSConformanceTests {
    /// Fields where mailaudit follows the RFC rather than the source, with why: only that
    /// field of that vector is exempt, and an exemption that no longer applies fails.
    static let knownDivergences: [String: (field: String, why: String)] = [
        "checkdmarc/testParseMtaStsPolicyUnexpectedKey": ("valid", "an unknown policy key: checkdmarc rejects the policy; mailaudit ignores the key as RFC 8461 §3.2 asks and lists it in unknownKeys (the vector's own note calls checkdmarc implementation-strict)"),
    ]

    /// How many vectors each section holds: a renamed key or a shortened file fails, never
    /// passes 0/0.
    static let sections = ["txt_record": 25, "policy": 25, "mx_match": 17, "content_type": 11]

    static func section(_ name: String) throws -> [[String: Any]] {
        let root = try #require(try Conformance.json("mtasts/mtasts-vectors.json") as? [String: Any])
        let cases = try #require(root[name] as? [[String: Any]], "the file has a '\(name)' section")
        #expect(cases.count == sections[name], "\(name): \(cases.count) vectors read, \(sections[name] ?? 0) expected")
        return cases
    }

    @Test("TXT records: valid or not, with the id; tolerant tag splitting")
    func records() throws {
        let cases = try Self.section("txt_record")
        var passed = 0
        var failures: [String] = []
        for vector in cases {
            let id = vector["id"] as? String ?? "?"
            let text = vector["record"] as? String ?? ""
            var ok: Bool
            if vector["tag_split_only"] as? Bool == true {
                let expected = vector["expected_tags"] as? [String: String] ?? [:]
                let fields = TagList(text).fields
                ok = Dictionary(uniqueKeysWithValues: fields.map { ($0.name, $0.value) }) == expected
            } else {
                let record = MTASTSRecord(text)
                ok = record.isValid == (vector["valid"] as? Bool ?? false)
                if let expected = vector["expected"] as? [String: String], record.isValid { ok = ok && expected["id"] == record.id }
                for check in vector["checks"] as? [[String: Any]] ?? [] {
                    // result['tags']['NAME'] equal VALUE: the record's tag as parsed.
                    guard check["op"] as? String == "equal", let path = check["path"] as? String,
                          let name = path.firstMatch(of: /^result\['tags'\]\['(\w+)'\]$/)?.1 else {
                        ok = false
                        failures.append("\(id): a check this runner does not understand: \(check)")
                        continue
                    }
                    let parsed = name == "id" ? record.id : TagList(text).value(String(name))
                    ok = ok && parsed == check["value"] as? String
                }
            }
            if ok { passed += 1 } else { failures.append("\(id) '\(text)'") }
        }
        Conformance.report("MTA-STS TXT records", passed: passed, total: cases.count)
        for failure in failures { print("conformance: MTA-STS: \(failure)") }
        #expect(passed == cases.count, "\(failures)")
    }

    @Test("policy files: valid or not, with mode, max_age and mx")
    func policies() throws {
        let cases = try Self.section("policy")
        var passed = 0
        var failures: [String] = [], divergencesSeen: Set<String> = []
        for vector in cases {
            let id = vector["id"] as? String ?? "?"
            let policy = MTASTSPolicy(vector["policy"] as? String ?? "")
            var problems: [String] = []  // the fields that differ
            if policy.isValid != (vector["valid"] as? Bool ?? false) { problems.append("valid") }
            if let expected = vector["expected"] as? [String: Any], policy.isValid {
                if expected["mode"] as? String != policy.mode?.rawValue { problems.append("mode") }
                if expected["max_age"] as? Int != policy.maxAge { problems.append("max_age") }
                if (expected["mx"] as? [String] ?? []) != policy.mx { problems.append("mx") }
            }
            for check in vector["checks"] as? [[String: Any]] ?? [] {
                let path = check["path"] as? String ?? ""
                if path.hasSuffix("['mode']") {
                    if policy.mode?.rawValue != check["value"] as? String { problems.append("mode") }
                } else if path.hasSuffix("['max_age']") {
                    if policy.maxAge != check["value"] as? Int { problems.append("max_age") }
                } else if path.hasSuffix("['mx']") {
                    if policy.mx != check["value"] as? [String] { problems.append("mx") }
                } else {
                    problems.append("a check this runner does not understand: \(check)")
                }
            }
            if let divergence = Self.knownDivergences[id], problems.contains(divergence.field) {
                divergencesSeen.insert(id)
                print("conformance: MTA-STS: \(id) \(divergence.field) differs on purpose: \(divergence.why)")
                problems.removeAll { $0 == divergence.field }
            }
            if problems.isEmpty { passed += 1 } else {
                failures.append("\(id): \(problems.joined(separator: ", ")) differ (valid \(policy.isValid) \(policy.errors))")
            }
        }
        Conformance.report("MTA-STS policies", passed: passed - divergencesSeen.count, total: cases.count,
                           extra: "\(divergencesSeen.count) differing on purpose in one named field")
        for failure in failures { print("conformance: MTA-STS: \(failure)") }
        #expect(failures.isEmpty, "\(failures)")
        #expect(divergencesSeen == Set(Self.knownDivergences.keys), "every named divergence still applies")
    }

    @Test("MX patterns (RFC 8461 §4.1) and Content-Type text/plain (§3.3)")
    func matchingAndContentType() throws {
        let matches = try Self.section("mx_match")
        var passed = 0
        for vector in matches {
            let ok = MTASTSPolicy.matches(vector["mx"] as? String ?? "", patterns: vector["patterns"] as? [String] ?? [])
                == (vector["match"] as? Bool ?? false)
            if ok { passed += 1 } else { print("conformance: MTA-STS: \(vector["id"] ?? "?") mx match wrong") }
        }
        Conformance.report("MTA-STS MX matching", passed: passed, total: matches.count)
        #expect(passed == matches.count)
        let types = try Self.section("content_type")
        let typesPassed = types.filter {
            MTASTSPolicy.isTextPlain($0["content_type"] as? String ?? "") == ($0["is_text_plain"] as? Bool ?? false)
        }.count
        Conformance.report("MTA-STS Content-Type", passed: typesPassed, total: types.count)
        #expect(typesPassed == types.count)
    }

    @Test("TLS-RPT and BIMI records")
    func tlsRptAndBIMI() {
        #expect(TLSRPTRecord("v=TLSRPTv1; rua=mailto:tlsrpt@example.org").reportURIs == ["mailto:tlsrpt@example.org"])
        #expect(TLSRPTRecord("v=TLSRPTv1;rua=mailto:a@example.org,https://reports.example.org/v1").isValid)
        #expect(!TLSRPTRecord("v=TLSRPTv1").isValid, "rua is required")
        #expect(!TLSRPTRecord("v=TLSRPTv1; rua=ftp://example.org").isValid)
        #expect(!TLSRPTRecord("v=TLSRPTv2; rua=mailto:a@example.org").isValid)
        #expect(BIMIRecord("v=BIMI1; l=https://example.org/logo.svg; a=https://example.org/vmc.pem").isValid)
        #expect(BIMIRecord("v=BIMI1; l=; a=;").isDeclination)
        #expect(!BIMIRecord("v=BIMI1; l=http://example.org/logo.svg").isValid, "the logo must be https")
        #expect(!BIMIRecord("v=BIMI2; l=https://example.org/logo.svg").isValid)
    }
}
