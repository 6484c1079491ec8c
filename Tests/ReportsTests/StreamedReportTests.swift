import Foundation
import MailFacts
@testable import Reports
import RuleEngine
import Testing

@Suite("JSON written as it goes, and compact records read back")
struct StreamedReportTests {
    static func finding(_ id: String, _ outcome: Outcome, on domain: String, message: String = "m") -> Finding {
        Finding(ruleID: id, title: "title of \(id)", area: String(id.prefix { $0 != "." }), outcome: outcome, severity: .fail,
                subject: domain, message: message, fix: "do this", refs: ["RFC 0 §1"])
    }

    static func sample() -> [DomainReport] {
        [
            TextReportTests.report("a.example", [finding("x.fail", .fail, on: "a.example", message: "line \"quoted\"\nnext"),
                                                 finding("y.pass", .pass, on: "a.example")]),
            TextReportTests.report("b.example", [finding("z.warn", .warn, on: "mx.b.example")]),
            TextReportTests.report("c.example", []),
        ]
    }

    private func streamed(_ reports: [DomainReport], failOn: FailureThreshold = .warn) throws -> Data {
        var out = Data()
        let stream = JSONReportStream(generatedAt: "2026-11-29T00:00:00Z", profile: "default", failOn: failOn,
                                      userInfo: [FactsDetail.key: FactsDetail.full]) { out.append($0) }
        for report in reports { try stream.add(report) }
        try stream.finish()
        return out
    }

    @Test("the streamed document is the document encoded at once, byte for byte, for any number of domains")
    func sameDocument() throws {
        for count in 0...3 {
            let reports = Array(Self.sample().prefix(count))
            let whole = try JSONOutput.encode(AuditReport(domains: reports, generatedAt: "2026-11-29T00:00:00Z", profile: "default"),
                                              userInfo: [FactsDetail.key: FactsDetail.full])
            let parts = try streamed(reports)
            let a = try JSONSerialization.jsonObject(with: whole) as? NSDictionary
            let b = try JSONSerialization.jsonObject(with: parts) as? NSDictionary
            #expect(a == b, "\(count) domains:\n\(String(decoding: parts, as: UTF8.self))")
            #expect(whole == parts, "\(count) domains: the same bytes")
        }
    }

    @Test("a compact record keeps what did not pass, without the rule's text, and reads back")
    func compactRoundTrip() throws {
        let report = Self.sample()[0]
        let data = try JSONOutput.encode(report, pretty: false, userInfo: [FactsDetail.key: FactsDetail.summary,
                                                                          FindingsDetail.key: FindingsDetail.compact])
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(object["findingsDetail"] as? String == "compact")
        #expect(findings.count == 1 && findings[0]["ruleID"] as? String == "x.fail" && findings[0]["title"] == nil)
        #expect(findings[0]["subject"] == nil, "the domain itself is not repeated")
        let read = try JSONDecoder().decode(DomainReport.self, from: data)
        #expect(read.compactFindings && !read.hasFullFacts && read.recordedSummary != nil)
        #expect(read.summary == report.summary, "the counts of what is not listed survive")
        #expect(read.findings.map(\.ruleID) == ["x.fail"] && read.findings[0].message == "line \"quoted\"\nnext")
        #expect(read.findings[0].subject == "a.example" && read.findings[0].fix == "do this" && read.findings[0].refs.isEmpty)
        let judge = RuleJudge(rules: [])
        #expect(judge.completing(read.findings[0]).title == "x.fail", "a rule not among the rules leaves the finding as it is")
    }
}
