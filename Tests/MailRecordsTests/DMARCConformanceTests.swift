import Foundation
import Testing
@testable import MailRecords

/// The DMARC record vectors (OpenDMARC, stalwart mail-auth, checkdmarc, authheaders), each
/// read against the specification its `basis` names.
@Suite("DMARC: record vectors")
struct DMARCConformanceTests {
    /// Vectors where mailaudit follows the RFC's grammar rather than the source, with why.
    static let knownDivergences: [String: String] = [
        "stalwart/parse_dmarc/5": "rua address 'user%20@example.com': stalwart reports user@example.com; mailaudit percent-decodes as RFC 6068 §2 says, giving 'user @example.com' (with the space), which is not a deliverable address and should be reported as such",
        "opendmarc/parse/5": "p=n: OpenDMARC accepts a one-letter prefix of none; RFC 7489 §6.3's grammar allows only none, quarantine or reject, so mailaudit calls it invalid (as the vector's note foresees for a strict parser)",
    ]

    /// Checks about judgement (best practice), which rules make from the facts, not the parser.
    static let judgementChecks = ["redundant", "sp tag value of none", "parked", "subdomain policy", "rua", "description"]

    @Test("valid or invalid as the basis says; parsed fields and checks as the sources say")
    func vectors() throws {
        guard let root = try Conformance.json("dmarc/dmarc-record-vectors.json") as? [String: Any],
              let cases = root["cases"] as? [[String: Any]] else {
            Issue.record("cannot read dmarc-record-vectors.json")
            return
        }
        var passed = 0, diverging = 0, judgementOnly = 0
        var failures: [String] = []
        for vector in cases {
            let id = vector["id"] as? String ?? "?"
            let text = vector["record"] as? String ?? ""
            let basis: DMARCBasis = (vector["basis"] as? String ?? "").hasPrefix("RFC7489") ? .rfc7489 : .rfc9989
            let record = DMARCRecord(text, basis: basis)
            var problems: [String] = []
            if record.isValid != (vector["valid"] as? Bool ?? false) {
                problems.append("valid \(record.isValid), expected \(vector["valid"] ?? "?") (errors: \(record.errors))")
            }
            if let expected = vector["expected"] as? [String: Any] { problems += Self.compare(record, expected) }
            var judged = false
            for check in vector["checks"] as? [[String: Any]] ?? [] {
                switch Self.check(record, check) {
                case .some(true): break
                case .some(false): problems.append("check failed: \(check)")
                case nil: judged = true
                }
            }
            if problems.isEmpty {
                passed += 1
                if judged { judgementOnly += 1 }
            } else if let why = Self.knownDivergences[id] {
                diverging += 1
                print("conformance: DMARC: \(id) differs on purpose: \(why)")
            } else {
                failures.append("\(id) '\(text)': \(problems.joined(separator: "; "))")
            }
        }
        Conformance.report("DMARC record vectors", passed: passed, total: cases.count,
                           extra: "\(diverging) differing on purpose (named); \(judgementOnly) also carry best-practice checks left to the rules")
        for failure in failures { print("conformance: DMARC: \(failure)") }
        #expect(passed + diverging == cases.count, "\(failures.joined(separator: "\n"))")
    }

    static func compare(_ record: DMARCRecord, _ expected: [String: Any]) -> [String] {
        var problems: [String] = []
        func same(_ name: String, _ ours: String?) {
            let theirs = (expected[name] as? String)?.lowercased()
            if let theirs, theirs != ours?.lowercased() { problems.append("\(name) \(ours ?? "nil") != \(theirs)") }
        }
        same("p", record.policy?.rawValue)
        same("sp", record.effectiveSubdomainPolicy?.rawValue)
        same("np", record.effectiveNonexistentPolicy?.rawValue)
        same("adkim", record.dkimAlignment.rawValue)
        same("aspf", record.spfAlignment.rawValue)
        // "d:s" and "s:d" are the same options.
        if let fo = expected["fo"] as? String,
           Set(fo.split(separator: ":").map(String.init)) != Set(record.failureOptions) {
            problems.append("fo \(record.failureOptions) != \(fo)")
        }
        if let psd = expected["psd"] as? String { same("psd", psd == "default" ? record.publicSuffixDomain == "u" ? psd : record.publicSuffixDomain : record.publicSuffixDomain) }
        if let testing = expected["t"] as? Bool, testing != record.testing { problems.append("t \(record.testing) != \(testing)") }
        for (name, ours) in [("rua", record.aggregateReports), ("ruf", record.failureReports)] {
            guard let theirs = expected[name] as? [[String: Any]] else { continue }
            let mine = ours.map { "\($0.address ?? $0.uri)!\($0.maxSize ?? 0)" }
            let wanted = theirs.map { "\($0["addr"] as? String ?? "")!\(($0["max_size"] as? NSNumber)?.uint64Value ?? 0)" }
            if mine != wanted { problems.append("\(name) \(mine) != \(wanted)") }
        }
        return problems
    }

    /// One checkdmarc-style check on the parsed record; nil for a judgement the rules make.
    static func check(_ record: DMARCRecord, _ check: [String: Any]) -> Bool? {
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
            case ("equal", "value"): return tag(name) == value
            case ("is_true", "explicit"): return explicit(name)
            case ("is_false", "explicit"): return !explicit(name)
            default: return nil
            }
        }
        if op == "not_contains", path == "result['tags']", let value {
            return record.removedTags.contains(value) || record.unknownTags.contains(value)
        }
        if op == "warning_contains" {
            if let removed = text.firstMatch(of: /(\w+) tag was removed in RFC 9989/) {
                return record.removedTags.contains(String(removed.1))
            }
            if let unknown = text.firstMatch(of: /Unknown DMARC tag '(\w+)'/) {
                return record.unknownTags.contains(String(unknown.1))
            }
            if text.contains("p tag does not immediately follow") { return !record.policyFollowsVersion }
        }
        if op == "contains", path == "result", value == "tags" { return !record.tags.isEmpty }
        if judgementChecks.contains(where: { text.contains($0) || path.contains($0) }) { return nil }
        return nil
    }
}
