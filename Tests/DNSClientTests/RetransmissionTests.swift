import Foundation
import LabSupport
import NetworkSupport
import Testing
@testable import DNSClient

@Suite("DNS client: the round-trip timer, --qps pacing and the cache's byte bound")
struct RetransmissionUnitTests {
    @Test("the timer starts at 0.4 s, follows the measured round trip (RFC 6298, at least twice it), backs off and stays within its bounds")
    func timer() {
        var timer = RoundTripTimer()
        #expect(timer.interval == RoundTripTimer.initial)
        timer.record(0.001)
        // srtt 1 ms, variation 0.5 ms: 3 ms, raised to the 100 ms floor.
        #expect(timer.interval == RoundTripTimer.minimum)
        // A steady 80 ms: twice the round trip (the variation has shrunk to nearly nothing).
        for _ in 0..<100 { timer.record(0.08) }
        #expect(timer.interval > 0.159 && timer.interval < 0.161, "\(timer.interval)")
        #expect(timer.interval(retransmission: 2) == 2 * timer.interval(retransmission: 1))
        #expect(timer.interval(retransmission: 3) == 4 * timer.interval(retransmission: 1))
        for _ in 0..<20 { timer.record(10) }
        #expect(timer.interval == RoundTripTimer.maximum)
        #expect(timer.interval(retransmission: 30) == RoundTripTimer.maximum)
        // A slow answer among fast ones widens the interval through the variation.
        var mixed = RoundTripTimer()
        for sample in [0.002, 0.002, 0.002, 0.4, 0.002, 0.002] { mixed.record(sample) }
        #expect(mixed.interval > 0.2, "\(mixed.interval)")
    }

    @Test("the pacer allows one send per 1/rate, takes nothing when it refuses, lets a late sender use two missed slots")
    func pacer() {
        let pacer = SendPacer(queriesPerSecond: 100)
        // Idle until now: the slot due and the two missed before it, then refused until 10.01.
        #expect((0..<3).map { _ in pacer.take(now: 10) } == [nil, nil, nil])
        let refused = pacer.take(now: 10)
        #expect(refused.map { abs($0 - 10.01) < 1e-9 } == true, "\(String(describing: refused))")
        // A refusal takes nothing: the slot is still there when its time comes.
        #expect(pacer.take(now: 10.005) != nil)
        #expect(pacer.take(now: 10.01) == nil)
        #expect(pacer.take(now: 10.01) != nil)
        // Keeping up: exactly one per 10 ms.
        var allowed = 0
        for step in 0..<1000 where pacer.take(now: 10.02 + Double(step) * 0.001) == nil { allowed += 1 }
        #expect((99...101).contains(allowed), "\(allowed) sends in one second at 100/s")
        // 1 s behind the schedule: again only two missed slots at once.
        #expect((0..<4).map { _ in pacer.take(now: 12.0001) == nil } == [true, true, true, false])
    }

    @Test("the answer cache is bounded by bytes: the oldest answers go, the newest stay")
    func cacheBytes() async {
        let record = DNSRecord(name: "x.test.", type: .TXT, ttl: 60, data: .txt([Array(repeating: 0x61, count: 900)]))
        let sample = DNSAnswer(question: DNSQuestion(name: "q0.test", type: .TXT), outcome: .records)
        var one = sample
        one.records = [record]
        let size = one.estimatedBytes
        #expect(size > 1800 && size < 4000, "about twice the 900 bytes of text and the headers: \(size)")
        let cache = AnswerCache(keepsAnswers: true, capacity: size * 10)
        for index in 0..<100 {
            let question = DNSQuestion(name: "q\(index).test", type: .TXT)
            _ = await cache.answer(for: question) { complete in
                var answer = DNSAnswer(question: question, outcome: .records)
                answer.records = [record]
                complete(answer)
            }
        }
        #expect(cache.count <= 10 && cache.count >= 9, "\(cache.count) answers kept")
        #expect(cache.storedBytes <= size * 10)
        // The newest is still there: asking it again starts nothing.
        let asked = LockedFlag()
        _ = await cache.answer(for: DNSQuestion(name: "q99.test", type: .TXT)) { complete in
            asked.value = true
            complete(DNSAnswer(question: DNSQuestion(name: "q99.test", type: .TXT), outcome: .records))
        }
        #expect(!asked.value)
    }
}

@Suite("DNS client: retransmission and pacing against the lab through a relay")
struct RetransmissionLabTests {
    @Test("10% of queries lost: every question answered within its first try, lost ones sent again", .tags(.lab))
    func lossCostsRetransmissions() async throws {
        try await Lab.start()
        // (At 20% a question lost six times in a row, at 0, 0.1, 0.3, 0.7, 1.5 and 3.1 s,
        // happens once in about 50 runs of 300 questions; at 10%, once in 3,000 runs.)
        let relay = try LatencyRelay(upstream: Lab.childServer, delay: 0.002, loss: 0.1, seed: 7)
        defer { relay.stop() }
        let dns = StubResolver(configuration: DNSClientConfiguration(servers: [try DNSServer(parsing: relay.resolver)], timeout: 5, retries: 0))
        let answers = await (0..<300).concurrentAnswers(dns) { DNSQuestion(name: "r\($0).bench.test", type: .A) }
        #expect(answers.allSatisfy { $0.outcome == .records }, "\(answers.filter { $0.outcome != .records }.prefix(3).map(\.detail))")
        let statistics = dns.statistics
        #expect(relay.droppedQueries > 15)
        #expect(statistics.retransmissions >= relay.droppedQueries - 5, "\(statistics) vs \(relay.droppedQueries) dropped")
        #expect(statistics.timeouts == 0, "a lost query is sent again long before the 5 s try ends")
        #expect(answers.allSatisfy { $0.attempts == 1 }, "no try was spent")
        #expect(statistics.udpQueries == relay.queries)
    }
}

extension Range where Bound == Int {
    /// Every question of the range asked at once; the answers in order.
    func concurrentAnswers(_ dns: StubResolver, _ question: @escaping @Sendable (Int) -> DNSQuestion) async -> [DNSAnswer] {
        await withTaskGroup(of: (Int, DNSAnswer).self) { group in
            for index in self { group.addTask { (index, await dns.answer(question(index))) } }
            var answers: [(Int, DNSAnswer)] = []
            for await answer in group { answers.append(answer) }
            return answers.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}
