import Foundation
import Testing
@testable import RuleEngine

@Suite("CEL subset: over facts")
struct CELTests {
    static let facts: CELValue = {
        let json = #"{"mx": {"lookup": {"outcome": "records"}, "records": [{"preference": 10, "exchange": "mx1.example.org"}, {"preference": 20, "exchange": "mx2.example.org"}], "nullMX": false}, "spf": {"dnsLookups": 11, "effectiveAll": "~all"}}"#
        return try! JSONDecoder().decode(CELValue.self, from: Data(json.utf8))
    }()

    private func run(_ text: String) throws -> Result<CELValue, CELError> {
        guard case .map(let entries) = Self.facts else { return .failure(CELError("no facts")) }
        var variables: [String: CELValue] = [:]
        for entry in entries { if case .string(let key) = entry.key { variables[key] = entry.value } }
        return CELEvaluator().evaluate(try CELParser.parse(text), variables)
    }

    @Test("rule-like expressions over facts decoded from JSON", arguments: [
        ("mx.lookup.outcome == 'records' && size(mx.records) == 2", CELValue.bool(true)),
        ("mx.records.all(r, r.exchange.endsWith('.example.org'))", .bool(true)),
        ("mx.records.exists(r, r.exchange == '.')", .bool(false)),
        ("mx.records.filter(r, r.preference > 10).map(r, r.exchange)", .list([.string("mx2.example.org")])),
        ("spf.dnsLookups > 10 ? 'over' : 'ok'", .string("over")),
        ("spf.effectiveAll in ['-all', '~all']", .bool(true)),
        ("has(spf.tree) || !mx.nullMX", .bool(true)),
        ("'mx1' + '.' + mx.records[0].exchange.size().string()", .string("mx1.15")),
    ])
    func expressions(text: String, expected: CELValue) throws {
        #expect(try run(text) == .success(expected))
    }

    @Test("a missing field is an error, not false; has() tells")
    func missing() throws {
        guard case .failure(let error) = try run("spf.tree.domain == 'x'") else { Issue.record("expected an error"); return }
        #expect(error.message.contains("no such key"))
        #expect(try run("has(spf.tree)") == .success(.bool(false)))
        #expect(try run("false && spf.tree.domain == 'x'") == .success(.bool(false)), "&& absorbs the error")
    }

    @Test("syntax errors say where")
    func syntax() {
        #expect(throws: CELSyntaxError.self) { try CELParser.parse("mx.records.all(r, ") }
        do {
            _ = try CELParser.parse("a == == b")
            Issue.record("no error")
        } catch {
            #expect(error.position == 5)
        }
    }

    @Test("the fact paths an expression reads, for checking rules against the fact schema")
    func paths() throws {
        let expr = try CELParser.parse("mx.lookup.outcome == 'records' && mx.records.all(r, r.preference > 0) && has(spf.tree)")
        #expect(Set(expr.paths.map { $0.joined(separator: ".") }) == ["mx.lookup.outcome", "mx.records", "spf.tree"])
    }
}
