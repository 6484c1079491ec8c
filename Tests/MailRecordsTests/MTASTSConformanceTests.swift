import Foundation
import Testing
@testable import MailRecords

/// MTA-STS vectors (go-mtasts, checkdmarc, postfix-mta-sts-resolver, stalwart): the TXT
/// record, the policy file, MX pattern matching and the policy's Content-Type (RFC 8461).
@Suite("MTA-STS: vectors")
struct MTASTSConformanceTests {
    /// Cases where mailaudit follows the RFC rather than the source, with why.
    static let knownDivergences: [String: String] = [
        "checkdmarc/testParseMtaStsPolicyUnexpectedKey": "an unknown policy key: checkdmarc rejects the policy; mailaudit ignores the key as RFC 8461 §3.2 asks and lists it in unknownKeys (the vector's own note calls checkdmarc implementation-strict)",
    ]

    static func vectors() throws -> [String: Any] {
        try Conformance.json("mtasts/mtasts-vectors.json") as? [String: Any] ?? [:]
    }

    @Test("TXT records: valid or not, with the id; tolerant tag splitting")
    func records() throws {
        let cases = try Self.vectors()["txt_record"] as? [[String: Any]] ?? []
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
                for check in vector["checks"] as? [[String: Any]] ?? [] where (check["path"] as? String)?.contains("'id'") == true {
                    ok = ok && record.id == check["value"] as? String
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
        let cases = try Self.vectors()["policy"] as? [[String: Any]] ?? []
        var passed = 0, diverging = 0
        var failures: [String] = []
        for vector in cases {
            let id = vector["id"] as? String ?? "?"
            let policy = MTASTSPolicy(vector["policy"] as? String ?? "")
            var ok = policy.isValid == (vector["valid"] as? Bool ?? false)
            if let expected = vector["expected"] as? [String: Any], policy.isValid {
                ok = ok && expected["mode"] as? String == policy.mode?.rawValue && expected["max_age"] as? Int == policy.maxAge
                    && (expected["mx"] as? [String] ?? []) == policy.mx
            }
            for check in vector["checks"] as? [[String: Any]] ?? [] {
                let path = check["path"] as? String ?? ""
                if path.hasSuffix("['mode']") { ok = ok && policy.mode?.rawValue == check["value"] as? String }
                if path.hasSuffix("['max_age']") { ok = ok && policy.maxAge == check["value"] as? Int }
                if path.hasSuffix("['mx']") { ok = ok && policy.mx == check["value"] as? [String] }
            }
            if ok { passed += 1 } else if let why = Self.knownDivergences[id] {
                diverging += 1
                print("conformance: MTA-STS: \(id) differs on purpose: \(why)")
            } else {
                failures.append("\(id): valid \(policy.isValid) \(policy.errors)")
            }
        }
        Conformance.report("MTA-STS policies", passed: passed, total: cases.count, extra: "\(diverging) differing on purpose (named)")
        for failure in failures { print("conformance: MTA-STS: \(failure)") }
        #expect(passed + diverging == cases.count, "\(failures)")
    }

    @Test("MX patterns (RFC 8461 §4.1) and Content-Type text/plain (§3.3)")
    func matchingAndContentType() throws {
        let vectors = try Self.vectors()
        let matches = vectors["mx_match"] as? [[String: Any]] ?? []
        var passed = 0
        for vector in matches {
            let ok = MTASTSPolicy.matches(vector["mx"] as? String ?? "", patterns: vector["patterns"] as? [String] ?? [])
                == (vector["match"] as? Bool ?? false)
            if ok { passed += 1 } else { print("conformance: MTA-STS: \(vector["id"] ?? "?") mx match wrong") }
        }
        Conformance.report("MTA-STS MX matching", passed: passed, total: matches.count)
        #expect(passed == matches.count)
        let types = vectors["content_type"] as? [[String: Any]] ?? []
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
