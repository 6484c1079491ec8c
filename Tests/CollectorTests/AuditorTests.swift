import AuditPipeline
import DNSClient
import Foundation
import MailFacts
import Reports
import RuleEngine
import Testing
@testable import Collector

/// The audit pipeline with recorded DNS: what `audit`, `check` and the benchmark share.
@Suite("Auditor: collect, judge under the profile, stream")
struct AuditorTests {
    static let rules = try! RuleSet.load(extraDirectory: nil)

    static func auditor(profile: String = "default") throws -> Auditor {
        let loaded = try ProfileLoader.load(profile, rules: rules)
        return Auditor(judge: RuleJudge(rules: loaded.apply(to: rules)), profile: loaded)
    }

    /// nomx.test: no MX, no address, nothing else; every other question NXDOMAIN.
    static let collector = DomainCollector(dns: RecordedDNS(answers: Dictionary(uniqueKeysWithValues: [
        RecordedDNS.records("a.test.", .MX, [.mx(preference: 0, exchange: ".")]),
        RecordedDNS.records("b.test.", .MX, [.mx(preference: 0, exchange: ".")]),
        RecordedDNS.records("c.test.", .MX, [.mx(preference: 0, exchange: ".")]),
    ]), othersAbsent: true), options: CollectorOptions(deadline: 5, commonDKIMSelectors: false))

    @Test("every domain is reported once, with its index; auditAll keeps the order given")
    func stream() async throws {
        let names = try ["c.test", "a.test", "b.test"].map { try DomainName($0) }
        var seen: [Int: String] = [:]
        try await Self.auditor().audit(names, with: Self.collector, concurrency: 2) { audited in
            #expect(seen[audited.index] == nil)
            seen[audited.index] = audited.report.domain
        }
        #expect(seen == [0: "c.test", 1: "a.test", 2: "b.test"])
        let all = try await Self.auditor().auditAll(names, with: Self.collector, concurrency: 1)
        #expect(all.map(\.domain) == ["c.test", "a.test", "b.test"])
        #expect(all.allSatisfy { !$0.findings.isEmpty && $0.facts.mx?.nullMX == true })
    }

    @Test("a domain that could not be audited gets no findings and exits 3; judging it twice gives the same report")
    func collectionError() throws {
        var facts = FactSet(domain: "x.test", collectedAt: "2026-11-29T00:00:00Z", resolvers: [],
                            collection: CollectionFact(complete: false, deadlineSeconds: 5, deadlineExceeded: false, seconds: 0,
                                                       error: "the resolver 192.0.2.53 did not answer", failure: .resolverTimeout))
        facts.mx = MXFacts(lookup: LookupFact(name: "x.test", type: "MX", outcome: .timeout))
        let report = try Self.auditor().judge(facts)
        #expect(report.findings.isEmpty && report.summary.collectionError != nil)
        #expect(report.summary.exitStatus(failOn: .fail) == .couldNotAudit)
    }

    @Test("the profile's waivers apply in the pipeline, so the benchmark and audit judge alike")
    func waivers() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("auditor-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = try await Self.auditor().auditAll([try DomainName("a.test")], with: Self.collector, concurrency: 1)[0]
        let waived = try #require(plain.findings.first { $0.outcome == .warn || $0.outcome == .fail })
        let profile = folder.appendingPathComponent("p.yaml")
        try """
            name: p
            extends: default
            waivers:
              - {rule: \(waived.ruleID), subject: \(waived.subject), reason: "known", expires: 2099-01-01}
            """.write(to: profile, atomically: true, encoding: .utf8)
        let report = try await Self.auditor(profile: profile.path).auditAll([try DomainName("a.test")], with: Self.collector, concurrency: 1)[0]
        #expect(report.findings.first { $0.ruleID == waived.ruleID && $0.subject == waived.subject }?.waiver != nil)
        #expect(report.summary.waived == plain.summary.waived + 1)
    }
}
