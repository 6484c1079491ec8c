import Foundation
import MailFacts
import Reports
import RuleEngine
import Testing

/// The outputs show certificate thresholds from the rule that judged, never numbers of their own.
@Suite("Certificate thresholds: taken from smtp.cert-expiring's parameters")
struct CertificateThresholdsTests {
    static let rules: [Rule] = (try? RuleSet.load(extraDirectory: nil)) ?? []

    @Test("the built-in rule's parameters are the thresholds, and its titles say the same number of days")
    func fromTheRule() throws {
        let thresholds = try #require(CertificateThresholds(rules: Self.rules))
        #expect(thresholds == CertificateThresholds(warnDays: 14, criticalDays: 7))
        let rule = try #require(Self.rules.first { $0.id == CertificateThresholds.ruleID })
        #expect(rule.title.contains("\(thresholds.warnDays) days") && (rule.passTitle ?? "").contains("\(thresholds.warnDays) days"),
                "the titles and the parameter must agree: \(rule.title) / \(rule.passTitle ?? "")")
        #expect(CertificateThresholds(rules: Self.rules.filter { $0.id != CertificateThresholds.ruleID }) == nil)
    }

    @Test("Nagios perfdata and the HTML countdown follow the thresholds they are given")
    func renderersFollow() {
        // FactSchema.sample's certificate has 30 days left.
        let report = AuditReport(domains: [DomainReport(facts: FactSchema.sample, findings: [])], generatedAt: "2026-12-05T00:00:00Z", profile: "default")
        #expect(NagiosReport.render(report, certificates: CertificateThresholds(warnDays: 40, criticalDays: 10)).contains("cert_days_min=30;40:;10:;;"))
        #expect(NagiosReport.render(report, certificates: nil).contains("cert_days_min=30;;;;"))
        let relaxed = HTMLReport.render(report, certificates: CertificateThresholds(warnDays: 14, criticalDays: 7))
        let strict = HTMLReport.render(report, certificates: CertificateThresholds(warnDays: 40, criticalDays: 10))
        #expect(relaxed.contains("<span class=\"outcome pass\">certificate: 30 days left</span>"), "\(relaxed.count)")
        #expect(strict.contains("<span class=\"outcome warn\">certificate: 30 days left</span>"))
    }
}
