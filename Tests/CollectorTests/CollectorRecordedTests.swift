import Foundation
import DNSClient
import LabSupport
import MailFacts
import Testing
@testable import Collector

/// Answers from a table, for collector behaviour that needs no network; questions not
/// in the table wait until cancelled (a resolver that never answers), or with
/// `othersAbsent` get NXDOMAIN at once.
struct RecordedDNS: DNSLookup {
    var answers: [DNSQuestion: DNSAnswer]
    var othersAbsent = false

    func answer(_ question: DNSQuestion) async -> DNSAnswer {
        if let answer = answers[question] { return answer }
        if othersAbsent {
            var absent = DNSAnswer(question: question, outcome: .nxdomain)
            absent.recursionAvailable = true
            absent.attempts = 1
            return absent
        }
        while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(20)) }
        return DNSAnswer(question: question, outcome: .cancelled, detail: "cancelled")
    }

    static func records(_ name: String, _ type: DNSType, _ data: [DNSRData]) -> (DNSQuestion, DNSAnswer) {
        let question = DNSQuestion(name: name, type: type)
        var answer = DNSAnswer(question: question, outcome: data.isEmpty ? .nodata : .records)
        answer.records = data.map { DNSRecord(name: question.name, type: type, ttl: 300, data: $0) }
        answer.recursionAvailable = true
        answer.attempts = 1
        return (question, answer)
    }
}

@Suite("Collector with recorded answers")
struct CollectorRecordedTests {
    @Test("every DNSSEC problem the DNS client classifies is a value of the facts' DNSSECProblem (the schema's enum), and each comes through as itself")
    func dnssecProblems() {
        let facts = Set(DNSSECProblem.allCases.map(\.rawValue))
        for problem in DNSSECValidation.Problem.allCases {
            #expect(facts.contains(problem.rawValue), "\(problem.rawValue) is emitted but not a DNSSECProblem")
            let validation = DNSSECValidation(name: "example.org.", type: .MX, state: .indeterminate, reason: "r", problem: problem, trustAnchor: "root")
            #expect(DNSSECValidationFact(validation, now: Date()).problem?.rawValue == problem.rawValue)
        }
        #expect(facts.count == DNSSECValidation.Problem.allCases.count, "the two lists hold the same values")
    }

    @Test("the deadline ends a domain on time with partial facts marked deadline-exceeded")
    func deadline() async throws {
        // MX answers; nothing else ever does.
        let dns = RecordedDNS(answers: Dictionary(uniqueKeysWithValues: [
            RecordedDNS.records("slow.test", .MX, [.mx(preference: 10, exchange: "mx.slow.test.")]),
        ]))
        let collector = DomainCollector(dns: dns, options: CollectorOptions(deadline: 0.3))
        let clock = ContinuousClock()
        let began = clock.now
        let facts = await collector.collect(try DomainName("slow.test"))
        // Nothing but the deadline ends this collection (the other questions are never answered),
        // so ending at all shows the deadline works; the bound is generous because the test
        // runs beside CPU-heavy suites on a two-thread cooperative pool (seen: 4.7 s for 0.3 s).
        #expect(clock.now - began < .seconds(TestTime.scaled(20)), "a 0.3 s deadline, where nothing else would ever end")
        #expect(facts.collection.deadlineExceeded && !facts.collection.complete)
        #expect(facts.mx?.lookup.outcome == .records)
        #expect(facts.mx?.exchanges.first?.a.outcome == .deadlineExceeded)
        #expect(facts.txt?.dmarc.lookup.outcome == .deadlineExceeded)
        #expect(facts.dnssec?.status == .insecure, "read from the MX answer, which came in time")
    }

    @Test("a silent resolver: the first lookup times out and the collection says why")
    func silentResolver() async throws {
        var timeout = DNSAnswer(question: DNSQuestion(name: "quiet.test", type: .MX), outcome: .timeout,
                                detail: "no answer from 192.0.2.53 over UDP within 2 s")
        timeout.server = "192.0.2.53"
        var rootTimeout = timeout
        rootTimeout.question = DNSQuestion(name: ".", type: .NS)
        let dns = RecordedDNS(answers: [timeout.question: timeout, rootTimeout.question: rootTimeout])
        let facts = await DomainCollector(dns: dns, options: CollectorOptions(deadline: 5)).collect(try DomainName("quiet.test"))
        #expect(facts.collection.error?.contains("192.0.2.53 did not answer") == true)
        #expect(facts.mx?.lookup.outcome == .timeout && facts.txt == nil && facts.dnssec == nil)
    }

    @Test("a domain whose own name servers are silent: the resolver answers other names, so the audit goes on and the lookups say they timed out")
    func silentDomain() async throws {
        var timeout = DNSAnswer(question: DNSQuestion(name: "dead.test", type: .MX), outcome: .timeout,
                                detail: "no answer from 192.0.2.53 over UDP within 2 s")
        timeout.server = "192.0.2.53"
        var refused = DNSAnswer(question: DNSQuestion(name: ".", type: .NS), outcome: .refused)
        refused.server = "192.0.2.53"
        let dns = RecordedDNS(answers: [timeout.question: timeout, refused.question: refused], othersAbsent: true)
        let facts = await DomainCollector(dns: dns, options: CollectorOptions(deadline: 5)).collect(try DomainName("dead.test"))
        #expect(facts.collection.error == nil && facts.collection.failure == nil, "\(facts.collection)")
        #expect(facts.mx?.lookup.outcome == .timeout)
        #expect(facts.txt != nil && facts.spf != nil, "the rest was collected")
    }
}
