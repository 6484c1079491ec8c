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

    @Test("within one outcome, by the rule's impact: an SPF permerror and +all come before a missing report address and a selector without a key")
    func impactOrder() throws {
        let rules = try RuleSet.load(extraDirectory: nil)
        func finding(_ id: String) throws -> Finding {
            let rule = try #require(rules.first { $0.id == id })
            var finding = Self.finding(id, rule.area, .fail)
            finding.impact = rule.impact
            return finding
        }
        // All fail, as under the go-live profile; areas alphabetically would put dkim and dmarc first.
        let domain = Self.report("example.org", try ["dkim.no-key", "dmarc.no-rua", "spf.invalid", "spf.pass-all", "mx.missing"].map(finding))
        let text = TextReport(colour: false).render(domain)
        let order = ["mx.missing", "spf.invalid", "spf.pass-all", "dkim.no-key", "dmarc.no-rua"].map { text.range(of: "(\($0))")!.lowerBound }
        #expect(order == order.sorted(), "\(text)")
        #expect(rules.allSatisfy { (1...5).contains($0.impact) })
    }

    @Test("several domains: FIX FIRST lists each problem once with the domains it hits, worst first; the domains' sections do not repeat its fix")
    func fixFirst() {
        func domain(_ name: String, _ extra: [Finding] = []) -> DomainReport {
            var missing = Self.finding("mtasts.missing", "policies", .info)
            missing.impact = 2
            var spf = Self.finding("spf.missing", "spf", .fail)
            spf.impact = 4
            spf.fix = "Publish an SPF record at \(name)"
            spf.subject = name
            return Self.report(name, [spf, missing] + extra)
        }
        var cert = Self.finding("smtp.cert-expired", "smtp", .fail)
        cert.impact = 4
        cert.fix = "Renew it"
        var warn = Self.finding("dmarc.no-rua", "dmarc", .warn)
        warn.impact = 3
        let report = AuditReport(domains: (1...10).map { domain("d\($0).example", $0 == 3 ? [cert] : $0 < 3 ? [warn] : []) },
                                 generatedAt: "2026-11-29T00:00:00Z", profile: "default")
        let text = TextReport(colour: false).render(report)
        #expect(text.hasPrefix("FIX FIRST (10 domains"), "\(text)")
        let top = String(text[..<text.range(of: "\n\nd1.example:")!.lowerBound])
        #expect(top.contains("(spf.missing) · 10 domains: d1.example, d2.example, d3.example, d4.example, d5.example and 5 more"), "\(top)")
        #expect(top.components(separatedBy: "Publish an SPF record").count == 2, "its fix once: \(top)")
        let spf = top.range(of: "(spf.missing)")!.lowerBound, certificate = top.range(of: "(smtp.cert-expired)")!.lowerBound
        #expect(spf < certificate, "same outcome and impact: more domains first")
        #expect(top.range(of: "(dmarc.no-rua)")!.lowerBound > certificate)
        #expect(!top.contains("mtasts.missing"), "notes are not things to fix first")
        // Below, each domain names the finding without repeating the fix.
        #expect(text.components(separatedBy: "Publish an SPF record").count == 2 && text.contains("fix: as under FIX FIRST above"), "\(text)")
    }

    @Test("FIX FIRST: a failure and an error of one rule are two entries (a lame delegation is not 'does not exist'); domains not audited at all come first, in one line")
    func fixFirstGroups() {
        var error = Self.finding("spf.invalid", "spf", .error)
        error.title = "Could not check whether the SPF record is valid"
        var fail = Self.finding("spf.invalid", "spf", .fail)
        fail.title = "The SPF record is invalid"
        fail.fix = "Correct it"
        var outage = [0, 1].map { Self.report("down\($0).example", []) }
        for index in outage.indices {
            outage[index].summary.collectionError = "the resolver did not answer"
            outage[index].facts.collection.failure = .resolverTimeout
        }
        let report = AuditReport(domains: [Self.report("a.example", [error]), Self.report("b.example", [fail])] + outage,
                                 generatedAt: "2026-11-29T00:00:00Z", profile: "default")
        let groups = FixFirst(report).groups
        #expect(groups.first?.collectionFailure == .resolverTimeout && groups.first?.domains == ["down0.example", "down1.example"])
        let spf = groups.filter { $0.ruleID == "spf.invalid" }
        #expect(spf.map(\.outcome) == [.fail, .error] && spf.first?.title == "The SPF record is invalid" && spf.first?.domains == ["b.example"],
                "\(spf)")
        let text = TextReport(colour: false).render(report)
        #expect(text.contains("Could not audit: the system's resolver did not answer · 2 domains: down0.example, down1.example"), "\(text)")
        #expect(!text.contains("down0.example: "), "their own sections are left out: \(text)")
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
