import DNSClient
import Foundation
import MailFacts
import MailRecords
import SMTPProbe
import Testing
@testable import Collector

/// SMTP dialogues from a table: a greeting and EHLO per address (or a failure), counted.
final class TableProber: SMTPProber, @unchecked Sendable {
    private let lock = NSLock()
    private var asked: [String] = []
    let failures: [String: SMTPFailureFact]

    init(failures: [String: SMTPFailureFact] = [:]) { self.failures = failures }

    var calls: [String] { lock.withLock { asked } }

    func session(address: String, port: UInt16, configuration: SMTPProbeConfiguration) async -> SMTPSessionResult {
        lock.withLock { asked.append("\(address):\(port) \(configuration.serverName ?? "-") \(configuration.purpose.rawValue)") }
        if let failure = failures[address] { return SMTPSessionResult(address: address, port: port, failure: failure) }
        var reader = SMTPReplyReader()
        var result = SMTPSessionResult(address: address, port: port)
        let replies = try! reader.feed(Array("220 mx.example.test ESMTP\r\n250-mx.example.test\r\n250-SIZE 1000\r\n250 AUTH PLAIN\r\n".utf8))
        result.greeting = replies[0]
        result.ehlo = EHLOResponse(replies[1])
        result.connectSeconds = 0.001
        return result
    }
}

/// An MTA-STS policy from a table.
struct TablePolicyFetcher: PolicyFetcher {
    let body: String

    func fetch(host: String, addresses: [String], caFile: String?, timeout: Double) async -> PolicyFetchResponse {
        PolicyFetchResponse(fact: PolicyFetchFact(outcome: .ok, httpStatus: 200, contentType: "text/plain", contentTypeOK: true,
                                                  bytes: body.utf8.count, certificateValid: true), body: body)
    }
}

/// The collector's probe logic with recorded DNS and a fake prober and policy fetcher: no
/// network at all, so every branch can be driven.
@Suite("Collector probes with fakes")
struct ProbeFakesTests {
    static let dns = RecordedDNS(answers: Dictionary(uniqueKeysWithValues: [
        RecordedDNS.records("fake.test.", .MX, [.mx(preference: 10, exchange: "mx1.fake.test."), .mx(preference: 20, exchange: "mx2.fake.test.")]),
        RecordedDNS.records("mx1.fake.test.", .A, [.a("192.0.2.1"), .a("192.0.2.2")]),
        RecordedDNS.records("mx1.fake.test.", .AAAA, []),
        RecordedDNS.records("mx2.fake.test.", .A, [.a("192.0.2.2")]),
        RecordedDNS.records("mx2.fake.test.", .AAAA, []),
        RecordedDNS.records("_25._tcp.mx1.fake.test.", .TLSA, []),
        RecordedDNS.records("_25._tcp.mx2.fake.test.", .TLSA, []),
        RecordedDNS.records("_mta-sts.fake.test.", .TXT, [.txt([Array("v=STSv1; id=1".utf8)])]),
        RecordedDNS.records("mta-sts.fake.test.", .A, [.a("192.0.2.9")]),
        RecordedDNS.records("mta-sts.fake.test.", .AAAA, []),
        RecordedDNS.records("_submission._tcp.fake.test.", .SRV, []),
        RecordedDNS.records("_submissions._tcp.fake.test.", .SRV, []),
    ]), othersAbsent: true)

    static func collect(_ prober: TableProber, policy: String = "version: STSv1\nmode: enforce\nmx: mx1.fake.test\nmax_age: 86400\n") async throws -> FactSet {
        // Fakes answer at once; the deadlines are generous so that a loaded machine (the whole
        // suite at once on two cores) is not mistaken for a slow collection.
        let probe = try ProbeOptions(tls: try TLSClientContext(caFile: nil), probeDeadline: 20, prober: prober,
                                     policyFetcher: TablePolicyFetcher(body: policy))
        let collector = DomainCollector(dns: dns, options: CollectorOptions(deadline: 20, commonDKIMSelectors: false, probe: probe))
        return await collector.collect(try DomainName("fake.test"))
    }

    @Test("one dialogue per address, port and name (the name is the SNI); endpoints per exchange × address in MX order")
    func sharedAddresses() async throws {
        let prober = TableProber()
        let facts = try await Self.collect(prober)
        let endpoints = try #require(facts.smtp?.endpoints)
        #expect(endpoints.map { "\($0.host) \($0.address)" } == ["mx1.fake.test 192.0.2.1", "mx1.fake.test 192.0.2.2", "mx2.fake.test 192.0.2.2"])
        // 192.0.2.2 serves two exchanges: each name is its own dialogue, its SNI choosing the certificate.
        #expect(prober.calls.filter { $0.hasSuffix(" dialogue") }.count == 3, "\(prober.calls)")
        // Each endpoint's RFC mailboxes for the domain, on a connection of their own.
        #expect(prober.calls.filter { $0.hasSuffix(" mailboxes") }.count == 3, "\(prober.calls)")
        #expect(endpoints.filter(\.reused).isEmpty)
        #expect(endpoints.allSatisfy { $0.outcome == .ok && $0.family == .ipv4 && $0.service == .mx && $0.ehlo?.size == 1000 })
        #expect(endpoints.allSatisfy { $0.tls?.status == .notOffered && $0.authBeforeTLS == ["PLAIN"] })
        #expect(endpoints.allSatisfy { $0.dane?.status == .noRecords })
        #expect(facts.collection.complete && !facts.collection.deadlineExceeded)
    }

    @Test("a refused address is a fact of that endpoint, with its step and kind; the others are untouched")
    func refused() async throws {
        let prober = TableProber(failures: ["192.0.2.1": SMTPFailureFact(step: .connect, kind: .refused, detail: "Connection refused")])
        let endpoints = try #require(try await Self.collect(prober).smtp?.endpoints)
        #expect(endpoints[0].outcome == .refused && endpoints[0].failure?.step == .connect && endpoints[0].greeting == nil)
        #expect(endpoints[0].probe.outcome == .done, "the probe ran; what it found is the refusal")
        #expect(endpoints[1].outcome == .ok)
    }

    @Test("an address this machine has no route to is not an endpoint: it is listed as not probed, and the other endpoints are judged")
    func noRoute() async throws {
        let prober = TableProber(failures: ["192.0.2.1": SMTPFailureFact(step: .connect, kind: .noRoute, detail: "this machine has no route to 192.0.2.1")])
        let smtp = try #require(try await Self.collect(prober).smtp)
        #expect(smtp.endpoints.map(\.address) == ["192.0.2.2", "192.0.2.2"], "\(smtp.endpoints.map(\.address))")
        #expect(smtp.notProbed == [SMTPNotProbedFact(host: "mx1.fake.test", address: "192.0.2.1", family: .ipv4, reason: "this machine has no route to 192.0.2.1")])
    }

    @Test("the MTA-STS policy from the fetcher is parsed and each MX checked against its patterns")
    func policy() async throws {
        let facts = try await Self.collect(TableProber())
        let policy = try #require(facts.mtaStsPolicy)
        #expect(policy.fetch.outcome == .ok && policy.probe.outcome == .done && policy.addresses == ["192.0.2.9"])
        #expect(policy.policy?.mode == .enforce && policy.policy?.valid == true)
        #expect(policy.mxCoverage == [MTASTSCoverageFact(exchange: "mx1.fake.test", covered: true),
                                      MTASTSCoverageFact(exchange: "mx2.fake.test", covered: false)])
    }
}
