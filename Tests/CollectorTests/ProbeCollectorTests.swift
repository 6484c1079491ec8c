import DNSClient
import Foundation
import LabSupport
import MailFacts
import SMTPProbe
import RuleEngine
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Collector

/// The probes as the collector runs them: facts per exchange and address, one probe per
/// address and port per run, the connection limit, and addresses that timed out.
@Suite("Collector probes: SMTP endpoints, submission, MTA-STS policy, manners")
struct ProbeCollectorTests {
    static func collector(_ scheduler: ProbeScheduler, deadline: Double = 25) throws -> DomainCollector {
        let dns = StubResolver(configuration: DNSClientConfiguration(servers: [try DNSServer(address: Lab.resolver)], timeout: 2))
        let probe = try ProbeOptions(tls: try TLSClientContext(caFile: Lab.caFile), ehloName: "probe.mailaudit.test",
                                 probeDeadline: 15, scheduler: scheduler)
        return DomainCollector(dns: dns, options: CollectorOptions(deadline: deadline, resolverNames: [Lab.resolver],
                                                                   commonDKIMSelectors: false, probe: probe))
    }

    @Test("good.test: every exchange × address probed, trusted, named, DANE match; submission and the MTA-STS policy", .tags(.lab))
    func good() async throws {
        try await Lab.start()
        let facts = try await Self.collector(ProbeScheduler()).collect(try DomainName("good.test"))
        let smtp = try #require(facts.smtp)
        #expect(smtp.status == .probed)
        #expect(smtp.endpoints.map { "\($0.host) \($0.address)" }
                == ["mx1.good.test \(Lab.net).25"] + (Lab.hasIPv6Loopback ? ["mx1.good.test ::1"] : []) + ["mx2.good.test \(Lab.net).26"])
        for endpoint in smtp.endpoints {
            #expect(endpoint.outcome == .ok && endpoint.tls?.status == .ok && endpoint.tls?.trusted == true && endpoint.tls?.namesHost == true,
                    "\(endpoint.host) \(endpoint.address): \(String(describing: endpoint.failure))")
            #expect(endpoint.dane?.status == .match && endpoint.greeting?.name == endpoint.host && endpoint.authBeforeTLS.isEmpty)
            #expect(endpoint.ehlo?.starttls == true && endpoint.ehloAfterTLS?.starttls == false)
        }
        let submission = try #require(facts.submission)
        #expect(submission.srv.map(\.service) == [.submission, .submissions] && submission.srv.allSatisfy { $0.records.count == 1 })
        // #require: the two endpoints are indexed below (a missing one must fail, not crash the run).
        try #require(submission.endpoints.map(\.port) == [587, 465])
        #expect(submission.endpoints.allSatisfy { $0.tls?.status == .ok && $0.authBeforeTLS.isEmpty })
        #expect(submission.endpoints[0].ehloAfterTLS?.authMechanisms == ["PLAIN", "LOGIN"] && submission.endpoints[1].tls?.implicit == true)
        let policy = try #require(facts.mtaStsPolicy)
        #expect(policy.addresses == [Lab.httpsAddress] && policy.fetch.outcome == .ok && policy.policy?.mode == .enforce)
        #expect(policy.mxCoverage.allSatisfy(\.covered) && policy.mxCoverage.count == 2)
    }

    @Test("DANE per exchange name on shared addresses: bad.dane.test mismatches, ta.dane.test matches through the CA", .tags(.lab))
    func dane() async throws {
        try await Lab.start()
        let scheduler = ProbeScheduler()
        let collector = try Self.collector(scheduler)
        let good = await collector.collect(try DomainName("good.test"))
        let dane = await collector.collect(try DomainName("dane.test"))
        let endpoints = try #require(dane.smtp?.endpoints)
        // #require: the two endpoints are indexed below (a lab that did not answer in time
        // once left none, and indexing crashed the whole test run).
        try #require(endpoints.map(\.host) == ["bad.dane.test", "ta.dane.test"], "\(dane.collection) \(dane.mx?.lookup.outcome.rawValue ?? "-")")
        #expect(endpoints[0].dane?.status == .mismatch && endpoints[0].dane?.unusableRecords.map(\.usage) == [0])
        #expect(endpoints[1].dane?.status == .match && endpoints[1].dane?.matchedDepth == 1)
        // The same addresses as mx1/mx2.good.test, other names: a session of their own, each
        // with its name as SNI (a server may choose its certificate by it).
        #expect(endpoints.allSatisfy { !$0.reused && $0.tls?.serverName == $0.host }, "\(endpoints.map { ($0.host, $0.reused, $0.tls?.serverName ?? "-") })")
        #expect(endpoints[0].tls?.namesHost == true && good.smtp?.endpoints.first?.reused == false)
        let run = await scheduler.sessionsRun
        let byPurpose = await scheduler.sessionsByPurpose
        #expect(byPurpose[.dialogue] == 3 + 2 + 2, "mx1 (v4, v6), mx2, submission 587 and 465, bad.dane.test and ta.dane.test: \(byPurpose)")
        // The mailboxes per MX endpoint and domain; the injection test per STARTTLS endpoint and name.
        #expect(byPurpose[.mailboxes] == 3 + 2 && byPurpose[.starttlsInjection] == 3 + 1 + 2, "\(byPurpose)")
        // Another domain on mx1.good.test: the mailbox check of that server was made for
        // good.test and is not made again (the rules say postmaster@nodkim.good.test was not asked).
        let nodkim = await collector.collect(try DomainName("nodkim.good.test"))
        #expect(nodkim.smtp?.endpoints.allSatisfy { $0.mailboxes?.domain == "good.test" } == true, "\(nodkim.smtp?.endpoints.map { $0.mailboxes?.domain ?? "-" } ?? [])")
        #expect(await scheduler.sessionsByPurpose[.mailboxes] == 3 + 2)
        let shared = await scheduler.sessionsRun
        // The same name again is the same session.
        let again = await collector.collect(try DomainName("dane.test"))
        let after = await scheduler.sessionsRun
        #expect(again.smtp?.endpoints.allSatisfy(\.reused) == true && after == shared && shared >= run)
    }

    @Test("TLSA records without DNSSEC are not used (RFC 7672 §2.2): unsigned.test's exchange has DANE status not-secure", .tags(.lab))
    func daneNotSecure() async throws {
        try await Lab.start()
        let facts = try await Self.collector(ProbeScheduler()).collect(try DomainName("unsigned.test"))
        let endpoints = try #require(facts.smtp?.endpoints)
        #expect(!endpoints.isEmpty && endpoints.allSatisfy { $0.dane?.status == .notSecure }, "\(endpoints.map { $0.dane?.status.rawValue ?? "nil" })")
    }

    @Test("at most `perServer` connections to one address at once")
    func connectionLimit() async throws {
        let counter = Counter()
        var servers: [FakeTCPServer] = []
        for _ in 0..<6 {
            servers.append(try FakeTCPServer { fd in
                counter.enter()
                Thread.sleep(forTimeInterval: 0.3)
                counter.leave()
                FakeTCPServer.write(fd, "554 busy\r\n")
            })
        }
        defer { servers.forEach { $0.stop() } }
        let scheduler = ProbeScheduler(perServer: 2)
        let configuration = SMTPProbeConfiguration(connectTimeout: 2, greetingTimeout: 3, commandTimeout: 2, deadline: 5)
        await withTaskGroup(of: Void.self) { group in
            for server in servers {
                group.addTask {
                    _ = await scheduler.session(ProbeScheduler.Key(address: server.address, port: server.port, mode: .starttls, serverName: "mx.example.test"),
                                                configuration: configuration, using: ThreadSMTPProber())
                }
            }
        }
        #expect(counter.maximum == 2, "at most 2 at once, and the limit was reached: \(counter.maximum)")
        #expect(await scheduler.sessionsRun == 6)
    }

    @Test("the domain's deadline bounds the wait for a connection slot and for a probe another domain started")
    func deadlines() async throws {
        // The slow server says when the first probe is connected, so the test knows the one
        // slot is taken (an event, not a guess at how long the connect takes on a busy machine).
        let connected = DispatchSemaphore(value: 0)
        let slow = try FakeTCPServer { fd in
            connected.signal()
            Thread.sleep(forTimeInterval: TestTime.scaled(8))
            FakeTCPServer.write(fd, "554 go away\r\n")
        }
        let other = try FakeTCPServer { fd in FakeTCPServer.write(fd, "554 go away\r\n") }
        defer { slow.stop(); other.stop() }
        let scheduler = ProbeScheduler(perServer: 1)
        let long = SMTPProbeConfiguration(connectTimeout: 2, greetingTimeout: TestTime.scaled(10), commandTimeout: 2, deadline: TestTime.scaled(12))
        let short = SMTPProbeConfiguration(connectTimeout: 2, greetingTimeout: 5, commandTimeout: 2, deadline: 1.5)
        let first = Task { await scheduler.session(ProbeScheduler.Key(address: slow.address, port: slow.port, mode: .starttls, serverName: "mx.example.test"), configuration: long, using: ThreadSMTPProber()) }
        let holding = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            DispatchQueue.global().async { continuation.resume(returning: connected.wait(timeout: .now() + TestTime.scaled(10)) == .success) }
        }
        #expect(holding, "the first probe reached the slow server")
        // Same address, another port: the one slot is taken for 8 s, longer than this caller may wait.
        let waiting = await scheduler.session(ProbeScheduler.Key(address: other.address, port: other.port, mode: .starttls, serverName: "mx.example.test"), configuration: short, using: ThreadSMTPProber())
        #expect(waiting.result.failure?.kind == .deadlineExceeded, "\(String(describing: waiting.result.failure))")
        // The same key as the running probe: shared, but not waited for past this caller's deadline.
        let shared = await scheduler.session(ProbeScheduler.Key(address: slow.address, port: slow.port, mode: .starttls, serverName: "mx.example.test"), configuration: short, using: ThreadSMTPProber())
        // Had either waited for the slot or the shared probe, it would have the slow server's
        // (or the other server's) 554, not deadline-exceeded: the outcomes show the deadline
        // ended both waits. (Not a clock: under AddressSanitizer, in the whole suite, the
        // deadline timers themselves came seconds late.)
        #expect(shared.reused && shared.result.failure?.kind == .deadlineExceeded)
        let done = await first.value
        #expect(done.result.greeting?.code == 554 && done.result.failure?.kind == .rejected)
        let fact = SMTPEndpointFactBuilder.fact(host: "mx.example.test", family: .ipv4, service: .mx, session: waiting.result, reused: false,
                                                tlsa: nil, context: try TLSClientContext(caFile: nil))
        #expect(fact.probe.outcome == .deadlineExceeded && fact.outcome == .deadlineExceeded)
    }

    @Test("an address whose connection timed out is not tried again in the run, on any port")
    func timedOutAddress() async throws {
        // A listener that never accepts, with its queue full: further SYNs are dropped, so a
        // connection times out (loopback answers everything else at once).
        let address = "127.0.0.9"
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET)
        inet_pton(AF_INET, address, &sin.sin_addr)
        let bound = withUnsafePointer(to: &sin) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        try #require(bound == 0 && listen(listener, 0) == 0)
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        let port = UInt16(bigEndian: actual.sin_port)
        // Fill the accept queue.
        var fillers: [Int32] = []
        defer { fillers.forEach { close($0) } }
        for _ in 0..<3 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            _ = withUnsafePointer(to: &actual) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, length) } }
            fillers.append(fd)
        }
        try await Task.sleep(for: .milliseconds(200))
        let scheduler = ProbeScheduler()
        let configuration = SMTPProbeConfiguration(connectTimeout: 1, greetingTimeout: 1, commandTimeout: 1, deadline: 3)
        let first = await scheduler.session(ProbeScheduler.Key(address: address, port: port, mode: .starttls, serverName: "mx.example.test"), configuration: configuration, using: ThreadSMTPProber())
        #expect(first.result.failure?.step == .connect && first.result.failure?.kind == .timeout, "\(String(describing: first.result.failure))")
        let second = await scheduler.session(ProbeScheduler.Key(address: address, port: 587, mode: .starttls, serverName: "mx.example.test"), configuration: configuration, using: ThreadSMTPProber())
        #expect(second.result.failure?.kind == .timeout && second.result.failure?.detail.hasPrefix("not tried again") == true)
        #expect(await scheduler.sessionsRun == 1)
    }
}

/// Counts how many connections are open at once.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var current = 0
    private(set) var maximum = 0
    func enter() { lock.lock(); current += 1; maximum = max(maximum, current); lock.unlock() }
    func leave() { lock.lock(); current -= 1; lock.unlock() }
}

@Suite("Facts of the lab reach the rules unchanged")
struct FactValueTests {
    @Test("real probe facts encode for the rules as through JSON (as `check --facts` reads them)", .tags(.lab))
    func sameValue() async throws {
        try await Lab.start()
        let collector = try ProbeCollectorTests.collector(ProbeScheduler())
        for domain in ["good.test", "oldtls.tls.test", "badcert.sts.test", "unsigned.test"] {
            let facts = await collector.collect(try DomainName(domain))
            #expect(try RuleSet.value(of: facts) == RuleSet.valueThroughJSON(of: facts), "\(domain)")
        }
    }
}
