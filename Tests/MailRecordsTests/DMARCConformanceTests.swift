import Foundation
import Testing
@testable import MailRecords

/// The DMARC record vectors (OpenDMARC, stalwart mail-auth, checkdmarc, authheaders), each
/// read against the specification its `basis` names.
@Suite("DMARC: record vectors")
struct DMARCConformanceTests {
    /// Fields where mailaudit follows the RFC's grammar rather than the source, with why:
    /// only that field of that vector is exempt, and an exemption that no longer applies fails.
    static let knownDivergences: [String: (field: String, why: String)] = [
        "stalwart/parse_dmarc/5": ("rua", "rua address 'user%20@example.com': stalwart reports user@example.com; mailaudit percent-decodes as RFC 6068 §2 says, giving 'user @example.com' (with the space), which is not a deliverable address and should be reported as such"),
        "opendmarc/parse/5": ("valid", "p=n: OpenDMARC accepts a one-letter prefix of none; RFC 7489 §6.3's grammar allows only none, quarantine or reject, so mailaudit calls it invalid (as the vector's note foresees for a strict parser)"),
    ]

    /// Checks that are not about parsing, each by vector and index, with what covers it.
    static let notParsing: [String: String] = [
        "checkdmarc/testDMARCFoRedundancy#0": "a note that fo is redundant without ruf: best practice mailaudit does not report",
        "checkdmarc/testDMARCSpNoneWarning#0": "judged by the rule dmarc.weak-sp",
        "checkdmarc/testDMARCParkedDomainPolicyWarning#0": "advice for parked domains: mailaudit cannot know a domain is parked",
        "checkdmarc/testDMARCParkedDomainSpWarning#0": "advice for parked domains: mailaudit cannot know a domain is parked",
        "checkdmarc/testDMARCMissingRuaWarning#0": "judged by the rule dmarc.no-rua",
        "checkdmarc/testDMARCTagDescriptions#0": "checkdmarc's output describes each tag; a presentation feature, not a parsing result",
        "checkdmarc/testDMARCTagDescriptions#1": "checkdmarc's output names each tag; a presentation feature, not a parsing result",
    ]

    enum CheckResult { case pass, fail, notRecognised }

    @Test("valid or invalid as the basis says; parsed fields and checks as the sources say")
    func vectors() throws {
        let root = try #require(try Conformance.json("dmarc/dmarc-record-vectors.json") as? [String: Any])
        let cases = try #require(root["cases"] as? [[String: Any]])
        #expect(cases.count == root["count"] as? Int && cases.count == 70, "the file's 70 vectors were read")
        var passed = 0, checksEvaluated = 0
        var failures: [String] = [], divergencesSeen: Set<String> = [], exemptionsSeen: Set<String> = []
        for vector in cases {
            let id = vector["id"] as? String ?? "?"
            let text = vector["record"] as? String ?? ""
            let basis: DMARCBasis = (vector["basis"] as? String ?? "").hasPrefix("RFC7489") ? .rfc7489 : .rfc9989
            let record = DMARCRecord(text, basis: basis)
            var problems: [(field: String, message: String)] = []
            if record.isValid != (vector["valid"] as? Bool ?? false) {
                problems.append(("valid", "valid \(record.isValid), expected \(vector["valid"] ?? "?") (errors: \(record.errors))"))
            }
            if let expected = vector["expected"] as? [String: Any] { problems += Self.compare(record, expected) }
            for (index, check) in (vector["checks"] as? [[String: Any]] ?? []).enumerated() {
                let key = "\(id)#\(index)"
                if Self.notParsing[key] != nil {
                    exemptionsSeen.insert(key)
                    continue
                }
                checksEvaluated += 1
                switch Self.check(record, check) {
                case .pass: break
                case .fail: problems.append(("check", "check failed: \(check)"))
                case .notRecognised: problems.append(("check", "a check this runner does not understand: \(check)"))
                }
            }
            // Only the named field of a vector may differ.
            if let divergence = Self.knownDivergences[id], problems.contains(where: { $0.field == divergence.field }) {
                divergencesSeen.insert(id)
                print("conformance: DMARC: \(id) \(divergence.field) differs on purpose: \(divergence.why)")
                problems.removeAll { $0.field == divergence.field }
            }
            if problems.isEmpty { passed += 1 } else {
                failures.append("\(id) '\(text)': \(problems.map(\.message).joined(separator: "; "))")
            }
        }
        let exempt = exemptionsSeen.count
        Conformance.report("DMARC record vectors", passed: passed - divergencesSeen.count, total: cases.count,
                           extra: "\(divergencesSeen.count) differing on purpose in one named field; \(checksEvaluated) checks evaluated, \(exempt) not about parsing (named)")
        for failure in failures { print("conformance: DMARC: \(failure)") }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(divergencesSeen == Set(Self.knownDivergences.keys), "every named divergence still applies")
        #expect(exemptionsSeen == Set(Self.notParsing.keys), "every exempted check is still in the file")
        #expect(checksEvaluated + exempt == 43, "the file's 43 checks")
    }

    static func compare(_ record: DMARCRecord, _ expected: [String: Any]) -> [(field: String, message: String)] {
        var problems: [(field: String, message: String)] = []
        func same(_ name: String, _ ours: String?) {
            let theirs = (expected[name] as? String)?.lowercased()
            if let theirs, theirs != ours?.lowercased() { problems.append((name, "\(name) \(ours ?? "nil") != \(theirs)")) }
        }
        same("p", record.policy?.rawValue)
        same("sp", record.effectiveSubdomainPolicy?.rawValue)
        same("np", record.effectiveNonexistentPolicy?.rawValue)
        same("adkim", record.dkimAlignment.rawValue)
        same("aspf", record.spfAlignment.rawValue)
        // "d:s" and "s:d" are the same options.
        if let fo = expected["fo"] as? String,
           Set(fo.split(separator: ":").map(String.init)) != Set(record.failureOptions) {
            problems.append(("fo", "fo \(record.failureOptions) != \(fo)"))
        }
        if let psd = expected["psd"] as? String { same("psd", psd == "default" ? record.publicSuffixDomain == "u" ? psd : record.publicSuffixDomain : record.publicSuffixDomain) }
        if let testing = expected["t"] as? Bool, testing != record.testing { problems.append(("t", "t \(record.testing) != \(testing)")) }
        for (name, ours) in [("rua", record.aggregateReports), ("ruf", record.failureReports)] {
            guard let theirs = expected[name] as? [[String: Any]] else { continue }
            let mine = ours.map { "\($0.address ?? $0.uri)!\($0.maxSize ?? 0)" }
            let wanted = theirs.map { "\($0["addr"] as? String ?? "")!\(($0["max_size"] as? NSNumber)?.uint64Value ?? 0)" }
            if mine != wanted { problems.append((name, "\(name) \(mine) != \(wanted)")) }
        }
        return problems
    }

    /// One checkdmarc-style check on the parsed record.
    static func check(_ record: DMARCRecord, _ check: [String: Any]) -> CheckResult {
        func result(_ ok: Bool) -> CheckResult { ok ? .pass : .fail }
        let op = check["op"] as? String ?? ""
        let path = check["path"] as? String ?? ""
        let value = check["value"] as? String
        let text = check["text"] as? String ?? ""
        func tag(_ name: String) -> String? {
            switch name {
            case "p": return record.policy?.rawValue
            case "np": return record.effectiveNonexistentPolicy?.rawValue
            case "psd": return record.publicSuffixDomain
            case "t": return record.testing ? "y" : "n"
            default: return nil
            }
        }
        func explicit(_ name: String) -> Bool { record.tags.contains { $0.name == name } }
        if let match = path.firstMatch(of: /result\['tags'\]\['(\w+)'\]\['(value|explicit)'\]/) {
            let name = String(match.1)
            switch (op, String(match.2)) {
            case ("equal", "value"): return result(tag(name) == value)
            case ("is_true", "explicit"): return result(explicit(name))
            case ("is_false", "explicit"): return result(!explicit(name))
            default: return .notRecognised
            }
        }
        if op == "not_contains", path == "result['tags']", let value {
            return result(record.removedTags.contains(value) || record.unknownTags.contains(value))
        }
        if op == "warning_contains" {
            if let removed = text.firstMatch(of: /(\w+) tag was removed in RFC 9989/) {
                return result(record.removedTags.contains(String(removed.1)))
            }
            if let unknown = text.firstMatch(of: /Unknown DMARC tag '(\w+)'/) {
                return result(record.unknownTags.contains(String(unknown.1)))
            }
            if text.contains("p tag does not immediately follow") { return result(!record.policyFollowsVersion) }
        }
        if op == "contains", path == "result", value == "tags" { return result(!record.tags.isEmpty) }
        return .notRecognised
    }
}
