import Collector
import DNSClient
import Foundation
import LabSupport
import MailFacts
import Reports
import SMTPProbe
import Testing
@testable import History

/// Which facts change with time alone, found by moving the collector's clock rather than by a
/// list kept by hand: a signed, probed lab domain collected at two times must differ only in
/// the fields its types declare volatile (`FactVolatility`), or the history stores a new
/// facts document every night for a domain that did not change.
@Suite("Fact volatility: declared on the types, checked against the clock")
struct FactVolatilityTests {
    /// One run's resolver, probe scheduler and validator, shared by the collections of a test:
    /// the lab is asked once, and the later collections differ from the first only by the
    /// clock (answers from the run's cache, probe sessions shared), as nights with nothing
    /// changed would. It keeps the lab's load to one audit beside the other tests.
    final class SharedRun: Sendable {
        let dns: StubResolver
        let validator: DNSSECValidator
        let probe: ProbeOptions
        init() throws {
            let server = try DNSServer(address: Lab.resolver)
            dns = StubResolver(configuration: DNSClientConfiguration(servers: [server], timeout: 5))
            validator = try DNSSECValidator(servers: [server], trustAnchorFile: Lab.trustAnchorFile)
            probe = try ProbeOptions(tls: try TLSClientContext(caFile: Lab.caFile), ehloName: "probe.mailaudit.test",
                                     probeDeadline: 15, scheduler: ProbeScheduler())
        }
        deinit { validator.close() }

        func collect(_ domain: String, daysFromNow days: Double) async throws -> FactSet {
            var options = CollectorOptions(dkimSelectors: ["sel2048"], deadline: 25, resolverNames: [Lab.resolver],
                                           commonDKIMSelectors: false, probe: probe, validator: validator)
            let now = Date().addingTimeInterval(days * 86_400)
            options.clock = { now }
            return await DomainCollector(dns: dns, options: options).collect(try DomainName(domain))
        }
    }

    /// The keys whose values differ between two canonical documents (for the message).
    static func differing(_ a: Data, _ b: Data) -> [String] {
        func flatten(_ value: Any, _ path: String, into out: inout [String: String]) {
            if let object = value as? [String: Any] {
                for (key, child) in object { flatten(child, path + "." + key, into: &out) }
            } else if let list = value as? [Any] {
                for (index, child) in list.enumerated() { flatten(child, path + "[\(index)]", into: &out) }
            } else {
                out[path] = "\(value)"
            }
        }
        var left: [String: String] = [:], right: [String: String] = [:]
        if let x = try? JSONSerialization.jsonObject(with: a) { flatten(x, "", into: &left) }
        if let y = try? JSONSerialization.jsonObject(with: b) { flatten(y, "", into: &right) }
        return Set(left.keys).union(right.keys).filter { left[$0] != right[$0] }.sorted()
    }

    @Test("good.test collected three days apart: everything not declared volatile is byte-equal", .tags(.lab))
    func threeDaysApart() async throws {
        try await Lab.start()
        let run = try SharedRun()
        defer { run.validator.close() }
        let today = try await run.collect("good.test", daysFromNow: 0)
        let later = try await run.collect("good.test", daysFromNow: 3)
        // The facts that move with the clock are there to be seen moving.
        let days = (today.dnssec?.validation?.daysToSignatureExpiry, later.dnssec?.validation?.daysToSignatureExpiry)
        #expect(days.0 != nil && days.1 == days.0.map { $0 - 3 }, "\(days)")
        #expect(today.smtp?.endpoints.first?.tls?.daysToExpiry.map { $0 - 3 } == later.smtp?.endpoints.first?.tls?.daysToExpiry)
        let (first, second) = (StoredDocument.splitFacts(try StoredDocument.canonical(today)).stable,
                               StoredDocument.splitFacts(try StoredDocument.canonical(later)).stable)
        #expect(first == second, "changed with time and not declared volatile: \(Self.differing(first, second).prefix(20))")
    }

    @Test("ten nights of the same unchanged signed lab domain store one facts document", .tags(.lab))
    func tenNights() async throws {
        try await Lab.start()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("volatile-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let history = try await RunHistory.open(HistoryLocation(folder.appendingPathComponent("history.db").path))
        let lab = try SharedRun()
        defer { lab.validator.close() }
        for night in 0..<10 {
            let facts = try await lab.collect("good.test", daysFromNow: Double(night))
            let started = ISO8601DateFormatter().string(from: Date().addingTimeInterval(Double(night) * 86_400))
            let run = try await history.beginRun(RunStart(startedAt: started, toolVersion: "test", profile: "default", rulesDigest: "d",
                                                          options: [:], host: "h"))
            try await history.record(DomainReport(facts: facts, findings: []), run: run)
            try await history.finishRun(run, finishedAt: started, exitStatus: 0)
        }
        let size = try await history.size()
        await history.close()
        #expect(size.domainRuns == 10)
        #expect(size.documents == 2, "one facts document and one findings document for ten unchanged nights: \(size.documents)")
    }
}
