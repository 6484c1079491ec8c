import Foundation
import Testing
@testable import MailRecords

/// DKIM key record vectors (dkimpy, RFC 8463, go-msgauth, stalwart mail-auth).
@Suite("DKIM: key record vectors")
struct DKIMConformanceTests {
    @Test("valid or not; key type, encoding and size; h, s and t flags")
    func vectors() throws {
        let root = try #require(try Conformance.json("dkim/dkim-key-vectors.json") as? [String: Any])
        let cases = try #require(root["cases"] as? [[String: Any]])
        #expect(cases.count == root["count"] as? Int && cases.count == 23, "the file's 23 vectors were read")
        var passed = 0
        var failures: [String] = []
        for vector in cases {
            let id = vector["id"] as? String ?? "?"
            let record = DKIMKeyRecord(vector["record"] as? String ?? "")
            var problems: [String] = []
            if record.isValid != (vector["valid"] as? Bool ?? false) {
                problems.append("valid \(record.isValid) (errors \(record.errors))")
            }
            if vector["error"] as? String == "revoked", !record.revoked { problems.append("not seen as revoked") }
            if vector["service"] as? String == "tlsrpt", record.usableForEmail { problems.append("s=tlsrpt taken as usable for e-mail") }
            if let computed = vector["computed"] as? [String: Any], record.isValid {
                if let type = computed["key_type"] as? String, type != record.keyType { problems.append("key type \(record.keyType)") }
                if let bits = computed["bits"] as? Int, bits != record.bits { problems.append("bits \(record.bits ?? 0) != \(bits)") }
                if let raw = computed["raw_len"] as? Int, raw != record.keyData.count { problems.append("raw length \(record.keyData.count)") }
                if let encoding = computed["encoding"] as? String {
                    let expected: DKIMKeyRecord.KeyEncoding = encoding.hasPrefix("SubjectPublicKeyInfo") ? .subjectPublicKeyInfo : .pkcs1
                    if record.encoding != expected { problems.append("encoding \(String(describing: record.encoding))") }
                }
            }
            if let expected = vector["expected"] as? [String: [String]] {
                if expected["h"] != record.hashAlgorithms { problems.append("h \(record.hashAlgorithms)") }
                if expected["t"] != record.flags { problems.append("t \(record.flags)") }
                let known = (record.serviceTypes ?? []).filter { ["*", "email"].contains($0) }
                if expected["s"] != known { problems.append("s \(known)") }
            }
            if problems.isEmpty { passed += 1 } else { failures.append("\(id): \(problems.joined(separator: "; "))") }
        }
        Conformance.report("DKIM key vectors", passed: passed, total: cases.count)
        for failure in failures { print("conformance: DKIM: \(failure)") }
        #expect(passed == cases.count, "\(failures.joined(separator: "\n"))")
    }
}
