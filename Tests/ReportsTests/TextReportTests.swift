import Foundation
import MailFacts
@testable import Reports
import RuleEngine
import Testing

@Suite("Text report: order, totals, inert data")
struct TextReportTests {
    static func finding(_ id: String, _ area: String, _ outcome: Outcome, message: String = "m") -> Finding {
        Finding(ruleID: id, title: "title of \(id)", area: area, outcome: outcome, severity: .fail, subject: "example.org",
                message: message, fix: nil, refs: [])
    }

    static func report(_ domain: String, _ findings: [Finding]) -> DomainReport {
        DomainReport(facts: FactSet(domain: domain, collectedAt: "2026-11-29T00:00:00Z", resolvers: [],
                                    collection: CollectionFact(complete: true, deadlineSeconds: 30, deadlineExceeded: false, seconds: 0)),
                     findings: findings)
    }

    @Test("within a domain: fail, error, warn, info, then passed; whatever the areas")
    func order() {
        let domain = Self.report("example.org", [
            Self.finding("a.info", "a", .info), Self.finding("a.fail", "a", .fail), Self.finding("b.pass", "b", .pass),
            Self.finding("z.fail", "z", .fail), Self.finding("c.warn", "c", .warn), Self.finding("d.error", "d", .error),
        ])
        let text = TextReport(colour: false, verbose: true).render(domain)
        let ids = ["a.fail", "z.fail", "d.error", "c.warn", "a.info", "b.pass"]
        let positions = ids.map { id in text.range(of: "(\(id))")!.lowerBound }
        #expect(positions == positions.sorted(), "\(text)")
    }

    @Test("JSON summary keys are spelled as the outcomes are, per domain and for the run")
    func summaryKeys() throws {
        let report = AuditReport(domains: [
            Self.report("a.example", [Self.finding("x", "x", .notApplicable), Self.finding("y", "y", .warn)]),
        ], generatedAt: "2026-11-29T00:00:00Z", profile: "default")
        let object = try #require(JSONSerialization.jsonObject(with: JSONOutput.encoder().encode(report)) as? [String: Any])
        let run = try #require(object["summary"] as? [String: Any])
        let domains = try #require(object["domains"] as? [[String: Any]])
        let domain = try #require(domains.first?["summary"] as? [String: Any])
        for outcome in Outcome.allCases {
            #expect(run[outcome.rawValue] is Int, "run summary lacks \(outcome.rawValue): \(run.keys.sorted())")
            #expect(domain[outcome.rawValue] is Int, "domain summary lacks \(outcome.rawValue): \(domain.keys.sorted())")
        }
        #expect(run["n/a"] as? Int == 1 && domain["warn"] as? Int == 1)
        #expect(run["notApplicable"] == nil)
    }

    @Test("errors with one cause are one entry in text and in HTML, naming the checks it left unjudged")
    func groupedErrors() {
        let why = "cannot judge: the MX lookup failed (servfail)"
        let domain = Self.report("example.org", [
            Self.finding("mx.missing", "mx", .error, message: why), Self.finding("mx.null", "mx", .error, message: why),
            Self.finding("spf.missing", "spf", .fail), Self.finding("dmarc.x", "dmarc", .error, message: "cannot judge: other"),
        ])
        let text = TextReport(colour: false).render(domain)
        #expect(text.components(separatedBy: "the MX lookup failed").count == 2, "\(text)")
        #expect(text.contains("2 checks could not judge") && text.contains("not judged: mx.missing, mx.null"))
        let html = HTMLReport.render(AuditReport(domains: [domain], generatedAt: "2026-11-29T00:00:00Z", profile: "default"))
        #expect(html.components(separatedBy: "the MX lookup failed").count == 2, "one entry for the shared cause")
        #expect(html.contains("2 checks could not judge") && html.contains(">mx.null<"))
        #expect(html.contains("other"), "an error with a cause of its own stays a finding of its own")
        let failAt = html.range(of: ">spf<")!.lowerBound, groupAt = html.range(of: "2 checks could not judge")!.lowerBound
        #expect(failAt < groupAt, "failures come before errors")
    }

    @Test("CSV: RFC 4180 quoting, and a cell that starts like a formula gets a leading apostrophe")
    func csv() {
        let domain = Self.report("example.org", [Self.finding("spf.x", "spf", .fail, message: "=HYPERLINK(\"http://x\"),\"a\"\r\nb")])
        let text = CSVReport.render(AuditReport(domains: [domain], generatedAt: "2026-11-29T00:00:00Z", profile: "default"))
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.first == CSVReport.header.joined(separator: ","))
        #expect(text.contains(#""'=HYPERLINK(""http://x""),""a""\#r\#nb""#), "\(text)")
        for (raw, cell) in [("+1", "'+1"), ("-2", "'-2"), ("@x", "'@x"), ("\tx", "'\tx"), ("plain", "plain"), ("a,b", "\"a,b\"")] {
            #expect(CSVReport.field(raw) == cell, "\(raw)")
        }
        #expect(text.hasSuffix("\r\n"))
    }

    @Test("several domains end with the totals across them")
    func totals() {
        let report = AuditReport(domains: [
            Self.report("a.example", [Self.finding("x", "x", .fail), Self.finding("y", "y", .warn)]),
            Self.report("b.example", [Self.finding("x", "x", .warn), Self.finding("p", "p", .pass)]),
        ], generatedAt: "2026-11-29T00:00:00Z", profile: "default")
        let text = TextReport(colour: false).render(report)
        #expect(text.hasSuffix("2 domains: 1 fail, 2 warn, 0 error, 0 info, 1 pass\n"), "\(text)")
        #expect(!TextReport(colour: false).render(AuditReport(domains: [report.domains[0]], generatedAt: "", profile: "default")).contains("domains:"))
    }

    @Test("a message holding terminal controls from DNS is printed escaped")
    func inert() {
        let domain = Self.report("example.org", [Self.finding("spf.invalid", "spf", .fail, message: "bad term '\u{1B}[2J\u{07}' in \u{202E}record")])
        let text = TextReport(colour: false).render(domain)
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E })
        #expect(text.contains(#"bad term '\e[2J\x07' in \u{202e}record"#))
    }
}
