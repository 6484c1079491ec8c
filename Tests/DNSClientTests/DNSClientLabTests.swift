import Foundation
import LabSupport
import NetworkSupport
import Testing
@testable import DNSClient

/// The DNS client against the real lab: NSD (authoritative) and unbound (validating).
@Suite("DNS client against the lab")
struct DNSClientLabTests {
    private func client(_ server: String = Lab.resolver, port: UInt16 = 53, timeout: Double = 2, retries: Int = 1,
                        workers: Int = 8, cache: Bool = true) async throws -> StubResolver {
        try await Lab.start()
        return StubResolver(configuration: DNSClientConfiguration(
            servers: [try DNSServer(address: server, port: port)], timeout: timeout, retries: retries,
            workers: workers, cachesAnswers: cache))
    }

    @Test("records: MX through the validating resolver, with the AD bit", .tags(.lab))
    func records() async throws {
        let answer = try await client().query("good.test", .MX)
        #expect(answer.outcome == .records)
        #expect(answer.rcode == "NOERROR")
        #expect(Set(answer.records.map(\.data)) == [.mx(preference: 10, exchange: "mx1.good.test."), .mx(preference: 20, exchange: "mx2.good.test.")])
        #expect(answer.authenticData && answer.recursionAvailable && answer.signaturesPresent)
        #expect(answer.transport == .udp && !answer.truncatedOverUDP)
    }

    @Test("NODATA: the name exists without records of the type", .tags(.lab))
    func nodata() async throws {
        let answer = try await client().query("good.test", .AAAA)
        #expect(answer.outcome == .nodata)
        #expect(answer.records.isEmpty && answer.authenticData)
    }

    @Test("NXDOMAIN: the name does not exist", .tags(.lab))
    func nxdomain() async throws {
        let answer = try await client().query("no-such-name.good.test", .TXT)
        #expect(answer.outcome == .nxdomain)
        #expect(answer.rcode == "NXDOMAIN" && answer.authenticData, "a signed denial validates")
    }

    @Test("SERVFAIL: a lame delegation", .tags(.lab))
    func servfail() async throws {
        let answer = try await client().query("lame.test", .MX)
        #expect(answer.outcome == .servfail)
        #expect(answer.detail != nil)
    }

    @Test("bogus: SERVFAIL from the validator, an answer with CD set", .tags(.lab))
    func bogus() async throws {
        let dns = try await client()
        let status = await dns.dnssecStatus(of: "bogus.test", type: .MX)
        #expect(status.state == .bogus)
        #expect(status.answer.outcome == .servfail)
        #expect(status.checkingDisabledAnswer?.outcome == .records)
        #expect(status.checkingDisabledAnswer?.records.first?.data == .mx(preference: 10, exchange: "mx.bogus.test."))
        // The lab's unbound attaches an Extended DNS Error (RFC 8914) that says why.
        #expect(status.answer.extendedErrors.contains { $0.isValidationFailure })
        // Unbound says 9 (DNSKEY Missing) with the chain that broke at first, 6 (DNSSEC Bogus) from its cache.
        #expect(status.reason.contains("validation failure, extended DNS error 9 (DNSKEY Missing)") || status.reason.contains("error 6 (DNSSEC Bogus)"), "\(status.reason)")
        #expect(status.answer.attempts == 1, "a SERVFAIL that says validation failed is not asked again")
        // Unbound's EXTRA-TEXT is quoted as the resolver's words, never run on as mailaudit's.
        if status.answer.extendedErrors.contains(where: { !$0.text.isEmpty }) {
            #expect(status.reason.contains(", the resolver's text: \""), "\(status.reason)")
        }
    }

    @Test("a lame delegation's SERVFAIL says why (No Reachable Authority) and is asked once more", .tags(.lab))
    func lameExtendedError() async throws {
        let answer = try await client().query("lame.test", .MX)
        #expect(answer.outcome == .servfail)
        #expect(answer.attempts == 2, "a SERVFAIL is asked again in the next round")
        #expect(!answer.extendedErrors.contains { $0.isValidationFailure }, "\(answer.extendedErrors)")
    }

    @Test("DNSSEC status: secure, insecure, indeterminate (authoritative server), lame is not bogus", .tags(.lab))
    func dnssecStates() async throws {
        let dns = try await client()
        #expect(await dns.dnssecStatus(of: "good.test", type: .MX).state == .secure)
        #expect(await dns.dnssecStatus(of: "unsigned.test", type: .MX).state == .insecure)
        #expect(await dns.dnssecStatus(of: "lame.test", type: .MX).state == .indeterminate)
        let authoritative = try await client(Lab.childServer)
        let direct = await authoritative.dnssecStatus(of: "good.test", type: .MX)
        #expect(direct.state == .indeterminate, "an authoritative server does not validate")
        #expect(direct.answer.authoritative && direct.answer.signaturesPresent)
    }

    @Test("REFUSED: unbound for a name outside the lab, NSD for a zone it does not serve", .tags(.lab))
    func refused() async throws {
        #expect(try await client().query("example.com", .A).outcome == .refused)
        #expect(try await client(Lab.tldServer).query("example.com", .A).outcome == .refused)
    }

    @Test("TCP fallback: an answer too large for 1232 bytes of UDP is fetched again over TCP", .tags(.lab))
    func tcpFallback() async throws {
        for server in [Lab.childServer, Lab.resolver] {
            let answer = try await client(server).query("big.test", .TXT)
            #expect(answer.outcome == .records, "\(server)")
            #expect(answer.truncatedOverUDP && answer.transport == .tcp, "\(server)")
            #expect(answer.records.count == 13, "\(server)")
            #expect(answer.records.compactMap(\.joinedText).contains("v=spf1 include:_spf.big.test -all"))
        }
    }

    @Test("CNAME chains are followed and reported; a dangling one ends in NXDOMAIN", .tags(.lab))
    func cnameChain() async throws {
        let dns = try await client()
        let answer = await dns.query("alias.chain.test", .MX)
        #expect(answer.outcome == .records)
        #expect(answer.cnameChain == ["step.chain.test.", "good.test."])
        #expect(answer.records.count == 2)
        let dangling = await dns.query("dangling.chain.test", .A)
        #expect(dangling.outcome == .nxdomain)
        #expect(dangling.cnameChain == ["nothing-here.chain.test."])
    }

    @Test("PTR records of the lab's reverse zones", .tags(.lab))
    func ptr() async throws {
        let dns = try await client()
        let v4 = await dns.query((IPAddress("\(Lab.net).25")!.reverseName + "."), .PTR)
        #expect(v4.records.map(\.data) == [.ptr("mx1.good.test.")])
        let v6 = await dns.query((IPAddress("::1")!.reverseName + "."), .PTR)
        #expect(v6.records.map(\.data) == [.ptr("mx1.good.test.")])
        let none = await dns.query((IPAddress("\(Lab.net).29")!.reverseName + "."), .PTR)
        #expect(none.outcome == .nxdomain)
    }

    @Test("TLSA records become usage, selector, matching type and data", .tags(.lab))
    func tlsa() async throws {
        let answer = try await client().query("_25._tcp.mx1.good.test", .TLSA)
        // Two records: the server key's 3 1 1 and the lab CA key's 2 1 1 (a rollover pair).
        let records = answer.records.compactMap { record -> (UInt8, UInt8, UInt8, [UInt8])? in
            guard case .tlsa(let usage, let selector, let matching, let data) = record.data else { return nil }
            return (usage, selector, matching, data)
        }
        #expect(records.map { "\($0.0) \($0.1) \($0.2) \($0.3.count)" }.sorted() == ["2 1 1 32", "3 1 1 32"], "\(answer.outcome)")
    }

    @Test("timeout: a server that never answers, after every retry, within the time asked", .tags(.lab))
    func timeout() async throws {
        let silent = try FakeUDPServer()
        defer { silent.stop() }
        let dns = try await client(silent.address, port: silent.port, timeout: 0.3, retries: 1)
        let answer = await dns.query("good.test", .MX)
        #expect(answer.outcome == .timeout)
        #expect(answer.attempts == 2)
        #expect(answer.detail?.contains("within 0.3 s") == true, "the timeout asked for, not the 2 s default: \(answer.detail ?? "")")
        #expect(answer.seconds < TestTime.scaled(20), "no hang")
    }

    @Test("network error: nothing listens at the address (ICMP port unreachable), at once", .tags(.lab))
    func networkError() async throws {
        let answer = try await client(Lab.deadAddress, timeout: 2).query("good.test", .MX)
        #expect(answer.outcome == .networkError)
        #expect(answer.detail?.contains("refused") == true)
        #expect(answer.attempts == 1, "refused at once: not retried as a timeout would be")
    }

    @Test("malformed: garbage with the right ID is reported; answers with another ID are ignored", .tags(.lab))
    func malformed() async throws {
        let garbage = try FakeUDPServer { query in Array(query.prefix(2)) + [0x81, 0x80, 0xff, 0xff, 0x13, 0x37] }
        defer { garbage.stop() }
        let answer = try await client(garbage.address, port: garbage.port, timeout: 0.5, retries: 0).query("good.test", .MX)
        #expect(answer.outcome == .malformed)

        let wrongID = try FakeUDPServer { query in
            var reply = query
            reply[0] ^= 0xff
            reply[2] |= 0x80
            return reply
        }
        defer { wrongID.stop() }
        let ignored = try await client(wrongID.address, port: wrongID.port, timeout: 0.3, retries: 0).query("good.test", .MX)
        #expect(ignored.outcome == .timeout, "a response with another ID is not accepted (RFC 5452 §9.1)")
    }

    @Test("several resolvers: an unreachable first one is skipped, the next one answers", .tags(.lab))
    func failover() async throws {
        try await Lab.start()
        let dns = StubResolver(configuration: DNSClientConfiguration(
            servers: [try DNSServer(address: Lab.deadAddress), try DNSServer(address: Lab.resolver)], timeout: 1, retries: 0))
        let answer = await dns.query("good.test", .MX)
        #expect(answer.outcome == .records)
        #expect(answer.server == Lab.resolver && answer.attempts == 2)
    }

    @Test("a truncated UDP answer whose TCP retry cannot connect is a network error, marked truncated", .tags(.lab))
    func truncatedWithoutTCP() async throws {
        // Answers every UDP query with an empty response with TC set; nothing listens on TCP.
        let truncating = try FakeUDPServer { query in
            var reply = query
            reply[2] |= 0x82
            return reply
        }
        defer { truncating.stop() }
        let answer = try await client(truncating.address, port: truncating.port, timeout: 1, retries: 0).query("big.test", .TXT)
        #expect(answer.outcome == .networkError)
        #expect(answer.truncatedOverUDP && answer.transport == .tcp)
    }

    @Test("many queries in flight: 8 waits to a silent server are all under way at once, not two at a time", .tags(.lab))
    func parallelTimeouts() async throws {
        // Counts the queries that reach it and never answers. Were the waits run on the
        // cooperative pool (2 threads here), only 2 queries could be out before the first
        // 5 s timeout; on the dedicated threads all 8 are out at once. Counting arrivals
        // instead of timing the whole run keeps the test steady on a busy machine.
        // Distinct questions, not datagrams: a slow run may see retransmissions too.
        final class Questions: @unchecked Sendable {
            private let lock = NSLock()
            private var seen = Set<[UInt8]>()
            func add(_ query: [UInt8]) { lock.withLock { _ = seen.insert(Array(query.dropFirst(12))) } }
            var value: Int { lock.withLock { seen.count } }
        }
        let arrivals = Questions()
        let silent = try FakeUDPServer { query in
            arrivals.add(query)
            return nil
        }
        defer { silent.stop() }
        let dns = try await client(silent.address, port: silent.port, timeout: TestTime.scaled(5), retries: 0, workers: 2)
        let queries = Task {
            await withTaskGroup(of: DNSOutcome.self) { group in
                for index in 0..<8 { group.addTask { await dns.query("n\(index).good.test", .A).outcome } }
                return await group.reduce(into: []) { $0.append($1) }
            }
        }
        let began = Date()
        while arrivals.value < 8 && Date().timeIntervalSince(began) < TestTime.scaled(4) { try await Task.sleep(for: .milliseconds(20)) }
        #expect(arrivals.value == 8, "only \(arrivals.value) of 8 queries were in flight before the first timeout")
        #expect(await queries.value == Array(repeating: .timeout, count: 8))
    }

    @Test("2,000 distinct questions in flight at once: each gets the answer to its own question", .tags(.lab))
    func manyInFlight() async throws {
        let dns = try await client(Lab.childServer, timeout: 2, workers: 2, cache: false)
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for index in 0..<2000 {
                group.addTask {
                    let name = "q\(index).bench.test."
                    let answer = await dns.query(name, .A)
                    let ok = answer.outcome == .records && answer.records.count == 1 && answer.records[0].name == name
                    return ok ? 0 : 1
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }

    @Test("the cache: concurrent askers of one question share one query and one answer", .tags(.lab))
    func sharedCache() async throws {
        let counter = Counter()
        // Answers every query with an empty NOERROR response (NODATA), counting them.
        let server = try FakeUDPServer { query in
            counter.increment()
            var reply = query
            reply[2] |= 0x80
            reply[3] |= 0x80
            return reply
        }
        defer { server.stop() }
        let dns = try await client(server.address, port: server.port, timeout: 1, retries: 0)
        let outcomes = await withTaskGroup(of: DNSOutcome.self) { group in
            for _ in 0..<50 { group.addTask { await dns.query("same.good.test", .TXT).outcome } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes == Array(repeating: .nodata, count: 50))
        #expect(counter.value == 1)
        #expect(dns.cachedAnswerCount == 1)
        _ = await dns.query("same.good.test", .TXT)
        _ = await dns.query("SAME.good.test.", .TXT)
        #expect(counter.value == 1, "later askers are answered from the cache")
    }

    @Test("the cache is bounded: past its capacity the oldest answers are asked again", .tags(.lab))
    func boundedCache() async throws {
        let counter = Counter()
        let server = try FakeUDPServer { query in
            counter.increment()
            var reply = query
            reply[2] |= 0x80
            reply[3] |= 0x80
            return reply
        }
        defer { server.stop() }
        try await Lab.start()
        let dns = StubResolver(configuration: DNSClientConfiguration(
            // Room for two of these answers (each about 580 bytes by `estimatedBytes`), not three.
            servers: [try DNSServer(address: server.address, port: server.port)], timeout: 1, retries: 0, cacheCapacity: 1400))
        for name in ["q1", "q2", "q3"] { _ = await dns.query("\(name).good.test", .TXT) }
        #expect(counter.value == 3 && dns.cachedAnswerCount == 2)
        _ = await dns.query("q3.good.test", .TXT)
        #expect(counter.value == 3, "q3 is still cached")
        _ = await dns.query("q1.good.test", .TXT)
        #expect(counter.value == 4, "q1 was evicted, so it is asked again")
    }

    @Test("a cancelled waiter (the domain's deadline) returns at once", .tags(.lab))
    func cancellation() async throws {
        let silent = try FakeUDPServer()
        defer { silent.stop() }
        let dns = try await client(silent.address, port: silent.port, timeout: 30, retries: 0)
        let began = Date()
        let task = Task { await dns.query("slow.good.test", .A) }
        try await Task.sleep(for: .milliseconds(100))
        task.cancel()
        let answer = await task.value
        #expect(answer.outcome == .cancelled)
        #expect(Date().timeIntervalSince(began) < TestTime.scaled(15), "the 30 s timeout was not waited for")
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
