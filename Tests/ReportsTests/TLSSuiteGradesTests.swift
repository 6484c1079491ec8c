import Foundation
import MailFacts
import Reports
import RuleEngine
import Testing

/// The versions × grades table shows the grades of the rule that judges suites
/// (ncsc.suites-insufficient's parameters), never a table of its own.
@Suite("TLS suite grades: taken from ncsc.suites-insufficient's parameters")
struct TLSSuiteGradesTests {
    static let rules: [Rule] = (try? RuleSet.load(extraDirectory: nil)) ?? []

    @Test("Appendix C of the NCSC-NL guidelines 2.1: good, sufficient, phase out; everything else insufficient",
          arguments: [
              ("TLS_AES_256_GCM_SHA384", TLSSuiteGrades.Grade.good), ("TLS_CHACHA20_POLY1305_SHA256", .good),
              ("TLS_AES_128_CCM_SHA256", .insufficient), ("ECDHE-RSA-AES256-GCM-SHA384", .sufficient),
              ("ECDHE-ECDSA-CHACHA20-POLY1305", .sufficient), ("ECDHE-RSA-AES128-SHA", .sufficient), ("DHE-RSA-AES256-SHA256", .sufficient),
              ("AES256-GCM-SHA384", .phaseOut), ("DES-CBC3-SHA", .phaseOut), ("ECDHE-RSA-DES-CBC3-SHA", .phaseOut),
              ("ECDHE-ECDSA-AES256-CCM8", .insufficient), ("ECDHE-ARIA256-GCM-SHA384", .insufficient), ("ADH-AES128-SHA", .insufficient),
              ("DHE-DSS-AES256-SHA", .insufficient), ("ECDHE-RSA-CAMELLIA256-SHA384", .insufficient),
          ])
    func grades(suite: String, grade: TLSSuiteGrades.Grade) throws {
        let grades = try #require(TLSSuiteGrades(rules: Self.rules))
        #expect(grades.grade(suite) == grade)
    }

    @Test("without the rule there is no table; the summary counts each version's suites by grade")
    func rows() throws {
        #expect(TLSSuiteGrades(rules: Self.rules.filter { $0.id != TLSSuiteGrades.ruleID }) == nil)
        var facts = FactSchema.sample
        var endpoint = try #require(facts.smtp?.endpoints.first)
        endpoint.tlsScan = TLSScanFact(versions: [
            TLSVersionScanFact(version: "TLSv1.3", accepted: true, ciphers: ["TLS_AES_256_GCM_SHA384"]),
            TLSVersionScanFact(version: "TLSv1.2", accepted: true, ciphers: ["ECDHE-RSA-AES256-GCM-SHA384", "AES128-SHA", "ADH-AES128-SHA"], serverOrder: false),
            TLSVersionScanFact(version: "TLSv1.1", accepted: false),
        ])
        facts.smtp?.endpoints = [endpoint]
        facts.submission?.endpoints = []
        let row = try #require(EndpointSummary.rows(facts, grades: TLSSuiteGrades(rules: Self.rules)).first)
        #expect(row.accepted.map(\.version) == ["TLSv1.3", "TLSv1.2"])
        #expect(row.accepted[1].counts == [0, 1, 1, 1] && row.accepted[1].order == "client order")
        #expect(row.accepted[1].needAction == ["ADH-AES128-SHA", "AES128-SHA"], "insufficient first, then phase out")
        #expect(EndpointSummary.words(row.accepted[1]).grades == "1 sufficient · 1 phase out · 1 insufficient")
        #expect(EndpointSummary.rows(facts, grades: nil).first?.accepted.isEmpty == true)
    }
}
