import Foundation
import Testing
@testable import MailFacts

@Suite("Facts as values")
struct FactsCodingTests {
    @Test("TXT character-strings are joined with nothing between them (RFC 7208 §3.3), lengths kept")
    func txtJoin() {
        let record = TXTRecordFact(strings: [Array("v=spf1 ip4:192.0.2.0/24".utf8), Array(" include:_spf.example.org -all".utf8)])
        #expect(record.text == "v=spf1 ip4:192.0.2.0/24 include:_spf.example.org -all")
        #expect(record.strings.count == 2)
        #expect(record.stringLengths == [23, 30])
        #expect(record.length == 53)
        let empty = TXTRecordFact(strings: [[]])
        #expect(empty.text == "" && empty.length == 0)
    }

    @Test("a fact set survives a JSON round trip unchanged")
    func roundTrip() throws {
        var facts = FactSet(domain: "good.test", collectedAt: "2026-11-29T00:00:00Z", resolvers: ["127.77.0.54"],
                            collection: CollectionFact(complete: true, deadlineSeconds: 30, deadlineExceeded: false, seconds: 0.1))
        let lookup = LookupFact(name: "good.test", type: "MX", outcome: .records, rcode: "NOERROR", authenticData: true)
        facts.mx = MXFacts(lookup: lookup, records: [MXRecordFact(preference: 10, exchange: "mx1.good.test")])
        let data = try JSONEncoder().encode(facts)
        #expect(try JSONDecoder().decode(FactSet.self, from: data) == facts)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["schemaVersion"] as? Int == FactSet.currentSchemaVersion)
        let mx = try #require(object["mx"] as? [String: Any])
        #expect((mx["lookup"] as? [String: Any])?["outcome"] as? String == "records")
    }

    @Test("lookup outcomes: absent is not failed")
    func outcomes() {
        #expect(LookupOutcome.nodata.isAbsent && LookupOutcome.nxdomain.isAbsent)
        #expect(!LookupOutcome.timeout.isAbsent && LookupOutcome.timeout.isFailure)
        #expect(LookupOutcome.servfail.isFailure && LookupOutcome.deadlineExceeded.isFailure)
        #expect(!LookupOutcome.records.isFailure && LookupOutcome.records.isDefinite)
        #expect(LookupOutcome.allCases.filter(\.isDefinite) == [.records, .nodata, .nxdomain])
    }
}
