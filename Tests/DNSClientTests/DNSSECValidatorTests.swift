import Foundation
import LabSupport
import Testing
@testable import DNSClient

/// mailaudit's own DNSSEC validation (libunbound) on the lab's DNSSEC cases (docs/lab.md),
/// through three paths: the lab's NSD of all zones asked directly and an unbound that does
/// not validate (on neither does anything validate before mailaudit), and the validating
/// unbound. Every verdict is compared with the validating unbound's (AD bit, SERVFAIL) and
/// with delv's (BIND's validating lookup tool, which validates by itself).
@Suite("DNSSEC validated by mailaudit, compared with unbound and delv")
struct DNSSECValidatorTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let type: DNSType
        let state: DNSSECState
        let problem: DNSSECValidation.Problem?
        var description: String { "\(name) \(type)" }
    }

    static let cases: [Case] = [
        Case(name: "good.test", type: .MX, state: .secure, problem: nil),
        Case(name: "no-such-name.good.test", type: .TXT, state: .secure, problem: nil),  // NSEC3 denial
        Case(name: "bogus.test", type: .MX, state: .bogus, problem: .dsMismatch),
        Case(name: "expired.test", type: .MX, state: .bogus, problem: .signatureExpired),
        Case(name: "future.test", type: .MX, state: .bogus, problem: .signatureNotYetValid),
        Case(name: "expiring.test", type: .MX, state: .secure, problem: nil),
        Case(name: "sha1.test", type: .MX, state: .secure, problem: nil),
        Case(name: "no-such-name.sha1.test", type: .MX, state: .secure, problem: nil),  // NSEC denial
        Case(name: "unknownalg.test", type: .MX, state: .insecure, problem: nil),
        Case(name: "optout.test", type: .MX, state: .secure, problem: nil),
        Case(name: "mx.insecure.optout.test", type: .A, state: .insecure, problem: nil),  // NSEC3 opt-out
        Case(name: "mixed.test", type: .MX, state: .secure, problem: nil),
        Case(name: "mail.unsigned.test", type: .A, state: .insecure, problem: nil),
    ]

    static func validator(_ server: String) async throws -> DNSSECValidator {
        try await Lab.start()
        return try DNSSECValidator(servers: [try DNSServer(address: server)], trustAnchorFile: Lab.trustAnchorFile)
    }

    /// What the lab's validating unbound says: AD is secure, SERVFAIL is bogus, else insecure.
    static func unboundVerdict(_ item: Case) async throws -> DNSSECState {
        let dns = StubResolver(configuration: DNSClientConfiguration(servers: [try DNSServer(address: Lab.resolver)], cachesAnswers: false))
        let answer = await dns.query(item.name, item.type)
        if answer.outcome == .servfail { return .bogus }
        guard answer.outcome.isDefinite else { return .indeterminate }
        return answer.authenticData ? .secure : .insecure
    }

    /// What delv says, asking the non-validating unbound and validating from the lab's anchor.
    static func delvVerdict(_ item: Case, anchors: String) -> (DNSSECState, String) {
        let result = Run.command(["/usr/bin/delv", "-a", anchors, "+root=test.", "@" + Lab.plainResolver, item.name, item.type.description], timeout: 30)
        let text = result.stdout + result.stderr
        if text.contains("; fully validated") || text.contains("; negative response, fully validated") { return (.secure, text) }
        if text.contains("; unsigned answer") || text.contains("; negative response, unsigned answer") { return (.insecure, text) }
        if text.contains("broken trust chain") || text.contains("no valid RRSIG") || text.contains("no valid signature")
            || text.contains("insecurity proof failed") { return (.bogus, text) }
        return (.indeterminate, text)
    }

    /// The lab's trust anchor as delv reads it (a `trust-anchors` clause).
    static func delvAnchors() throws -> String {
        let ds = try String(contentsOfFile: Lab.trustAnchorFile, encoding: .utf8).split(separator: "\n").first { !$0.hasPrefix(";") } ?? ""
        let fields = ds.split(whereSeparator: { $0 == " " || $0 == "\t" })
        #expect(fields.count == 8 && fields[3] == "DS", "the lab's trust anchor is one DS record: \(ds)")
        let path = NSTemporaryDirectory() + "mailaudit-delv-anchors-\(getpid()).conf"
        try "trust-anchors {\n  \(fields[0]) static-ds \(fields[4]) \(fields[5]) \(fields[6]) \"\(fields[7])\";\n};\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("every lab case: the same verdict through NSD asked directly, a non-validating and a validating resolver; unbound and delv agree",
          .tags(.lab))
    func labCases() async throws {
        let paths = [("NSD of all zones, asked directly", Lab.allZonesServer), ("non-validating unbound", Lab.plainResolver),
                     ("validating unbound", Lab.resolver)]
        try await Lab.start()
        let anchors = try Self.delvAnchors()
        defer { try? FileManager.default.removeItem(atPath: anchors) }
        var agreeUnbound = 0, agreeDelv = 0, right = 0
        for (label, server) in paths {
            let validator = try await Self.validator(server)
            for item in Self.cases {
                let verdict = await validator.validate(item.name, item.type)
                #expect(verdict.state == item.state, "\(item) through the \(label): \(verdict.state), \(verdict.reason)")
                #expect(verdict.problem == item.problem, "\(item) through the \(label): \(String(describing: verdict.problem)), \(verdict.reason)")
                if verdict.state == item.state && verdict.problem == item.problem { right += 1 }
                if item.state == .bogus {
                    #expect(verdict.link != nil && verdict.reason.contains(item.name), "\(item): the reason names the broken link: \(verdict.reason)")
                }
            }
        }
        for item in Self.cases {
            let unbound = try await Self.unboundVerdict(item)
            #expect(unbound == item.state, "\(item): the lab's unbound says \(unbound)")
            if unbound == item.state { agreeUnbound += 1 }
            let (delv, text) = Self.delvVerdict(item, anchors: anchors)
            #expect(delv == item.state, "\(item): delv says \(delv): \(text.prefix(400))")
            if delv == item.state { agreeDelv += 1 }
        }
        print("conformance: DNSSEC validation: \(right)/\(Self.cases.count * paths.count) lab verdicts right over \(paths.count) paths; "
              + "unbound agrees on \(agreeUnbound)/\(Self.cases.count), delv on \(agreeDelv)/\(Self.cases.count)")
    }

    @Test("the answer's signatures: algorithm and dates, read from the RRSIGs", .tags(.lab))
    func signatures() async throws {
        let validator = try await Self.validator(Lab.allZonesServer)
        let sha1 = await validator.validate("sha1.test", .MX)
        #expect(!sha1.signatures.isEmpty && sha1.signatures.allSatisfy { $0.algorithm == 5 }, "\(sha1.signatures)")
        let expiring = await validator.validate("expiring.test", .MX)
        let now = UInt32(Date().timeIntervalSince1970)
        let soonest = expiring.signatures.map(\.expiration).min() ?? 0
        #expect(soonest > now && soonest - now < 3 * 86_400, "expiring.test is signed until \(soonest), now \(now)")
        #expect(expiring.signatures.allSatisfy { $0.algorithm == 13 && $0.signer == "expiring.test." && $0.covers == .MX })
    }

    @Test("a trust anchor file that cannot be used is refused with its place")
    func badTrustAnchor() throws {
        let folder = NSTemporaryDirectory() + "mailaudit-anchor-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let server = try DNSServer(address: "127.0.0.1")
        let cases: [(String, String)] = [
            ("; nothing but a comment\n", "no DS or DNSKEY record"),
            ("test. 3600 IN DS 1 13 2 abcd\nthis is not a record\n", ":2: not a DNS record"),
            ("test. 3600 IN A 192.0.2.1\n", ":1: a A record is not a trust anchor"),
        ]
        for (index, (text, message)) in cases.enumerated() {
            let path = "\(folder)/anchor-\(index)"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            #expect(throws: DNSSECValidatorError.self) { try DNSSECValidator(servers: [server], trustAnchorFile: path) }
            do {
                _ = try DNSSECValidator(servers: [server], trustAnchorFile: path)
            } catch {
                #expect(error.description.hasPrefix(path) && error.description.contains(message), "\(error)")
            }
        }
        do {
            _ = try DNSSECValidator(servers: [server], trustAnchorFile: "\(folder)/missing")
            Issue.record("a missing file was accepted")
        } catch {
            #expect(error.description.contains("cannot read"), "\(error)")
        }
    }

    @Test("closed with the run: its poll thread ends, libunbound's context is freed, questions after it get no verdict at once, and it counts what it was asked",
          .tags(.lab))
    func lifecycle() async throws {
        let validator = try await Self.validator(Lab.resolver)
        #expect(validator.validationsAsked == 0)
        let good = await validator.validate("good.test", .MX)
        #expect(good.state == .secure)
        _ = await validator.validate("bogus.test", .MX)
        #expect(validator.validationsAsked == 2)
        // libunbound's queries went through the relay, which counted them.
        let statistics = validator.statistics
        #expect(statistics.validations == 2 && statistics.queries >= 2 && statistics.unanswered == 0, "\(statistics)")
        let thread = try #require(validator.pollThreadID)
        let relayThread = try #require(validator.relayThreadID)
        #expect(FileManager.default.fileExists(atPath: "/proc/self/task/\(thread)"), "the poll thread runs while it works")
        #expect(FileManager.default.fileExists(atPath: "/proc/self/task/\(relayThread)"), "the relay's thread runs while it works")
        validator.close()
        // Their work ended within close(); the kernel lets a thread's task go a moment after.
        let waited = ContinuousClock.now
        while [thread, relayThread].contains(where: { FileManager.default.fileExists(atPath: "/proc/self/task/\($0)") }),
              ContinuousClock.now - waited < .seconds(TestTime.scaled(1)) {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(validator.isClosed && !FileManager.default.fileExists(atPath: "/proc/self/task/\(thread)"), "the poll thread is gone after close()")
        #expect(!FileManager.default.fileExists(atPath: "/proc/self/task/\(relayThread)"), "the relay's thread is gone after close()")
        // The relay's port is let go: it can be bound again.
        let probe = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { Glibc.close(probe) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = validator.relayPort.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(probe, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        #expect(bound == 0, "the relay's port \(validator.relayPort) is free after close()")
        validator.close()  // idempotent
        let started = ContinuousClock.now
        let after = await validator.validate("good.test", .MX)
        #expect(after.state == .indeterminate && after.reason.contains("the run ended") && ContinuousClock.now - started < .seconds(TestTime.scaled(1)), "\(after.reason)")
    }

    /// libunbound's why_bogus as Debian 12's libunbound words it for the lab's cases (read from
    /// the lab: `val-log-level: 2`), with what mailaudit makes of each.
    static let observedReasons: [(text: String, problem: DNSSECValidation.Problem, detail: String, link: String?)] = [
        ("validation failure <bogus.test. MX IN>: no keys have a DS with algorithm ECDSAP256SHA256 from 127.77.0.52 for key bogus.test. while building chain of trust",
         .dsMismatch, "no keys have a DS with algorithm ECDSAP256SHA256 for key bogus.test.", "key bogus.test."),
        ("validation failure <expired.test. MX IN>: signature expired from 127.77.0.54 for key expired.test. while building chain of trust",
         .signatureExpired, "signature expired for key expired.test.", "key expired.test."),
        ("validation failure <future.test. MX IN>: signature before inception date from 127.77.0.52 for key future.test. while building chain of trust",
         .signatureNotYetValid, "signature before inception date for key future.test.", "key future.test."),
        ("validation failure <mx.expired.test. A IN>: key for validation expired.test. is marked as invalid because of a previous validation failure <expired.test. MX IN>: signature expired from 127.77.0.50 for key expired.test. while building chain of trust",
         .signatureExpired, "signature expired for key expired.test.", "key expired.test."),
        ("validation failure <good.test. MX IN>: no DNSKEY rrset for trust anchor . while building chain of trust",
         .trustAnchor, "no DNSKEY rrset for trust anchor .", nil),
        // Since libunbound asks through the validator's relay, the server it names is the relay's.
        ("validation failure <expired.test. MX IN>: signature expired from 127.0.0.1 for key expired.test. while building chain of trust",
         .signatureExpired, "signature expired for key expired.test.", "key expired.test."),
    ]

    @Test("every libunbound reason seen on the lab, in one table: its problem, its detail and the link that broke",
          arguments: observedReasons.indices)
    func observedReason(_ index: Int) {
        let (text, problem, detail, link) = Self.observedReasons[index]
        let shown = DNSSECValidation.detail(text)
        #expect(shown == detail, "\(text)")
        #expect(DNSSECValidation.problem(shown) == problem, "\(shown)")
        if let link { #expect(DNSSECValidation.link(shown) == link, "\(shown)") }
    }

    @Test("libunbound's reasons: the problem and the broken link")
    func reasons() {
        let expired = DNSSECValidation.detail("validation failure <expired.test. MX IN>: signature expired from 127.77.0.54 for key expired.test. while building chain of trust")
        #expect(expired == "signature expired for key expired.test.")
        let cited = DNSSECValidation.detail("validation failure <mx.expired.test. A IN>: key for validation expired.test. is marked as invalid because of a previous validation failure <expired.test. MX IN>: signature expired from 127.77.0.50 for key expired.test. while building chain of trust")
        #expect(cited == "signature expired for key expired.test.")
        #expect(DNSSECValidation.problem(expired) == .signatureExpired)
        #expect(DNSSECValidation.link(expired) == "key expired.test.")
        #expect(DNSSECValidation.problem("no DNSKEY rrset for trust anchor . while building chain of trust") == .trustAnchor)
        #expect(DNSSECValidation.problem("no keys have a DS with algorithm ECDSAP256SHA256 for key bogus.test.") == .dsMismatch)
        #expect(DNSSECValidation.detail(nil) == "the validator gives no reason")
    }
}

/// The validator's relay matches an answer to its question by the question section: the
/// name without regard to case, the type and class exactly; a message that is not one
/// question is none.
@Suite("The validator's relay: questions matched")
struct ValidatorRelayQuestionTests {
    /// A query for `name` of `type`, class IN, ID 0x1234.
    static func query(_ name: String, type: UInt16 = 15) -> [UInt8] {
        var bytes: [UInt8] = [0x12, 0x34, 0x01, 0x10, 0, 1, 0, 0, 0, 0, 0, 0]
        for label in name.split(separator: ".") { bytes.append(UInt8(label.utf8.count)); bytes += label.utf8 }
        return bytes + [0, UInt8(type >> 8), UInt8(type & 0xFF), 0, 1]
    }

    @Test("question end, case-insensitive name, exact type; truncated and multi-question messages refused")
    func matching() throws {
        let asked = Self.query("Good.Test")
        let end = try #require(ValidatorRelay.questionEnd(asked))
        #expect(end == asked.count)
        let answered = Self.query("gOOD.tEST")
        #expect(ValidatorRelay.sameQuestion(asked[12..<end], answered[12..<end]))
        #expect(!ValidatorRelay.sameQuestion(asked[12..<end], Self.query("good.tesu")[12..<end]))
        #expect(!ValidatorRelay.sameQuestion(asked[12..<end], Self.query("good.test", type: 1)[12..<end]))
        // '@' (0x40) and '`' (0x60) differ only in the case bit but are not letters.
        #expect(!ValidatorRelay.sameQuestion(Self.query("a@")[12...], Self.query("a`")[12...]))
        #expect(ValidatorRelay.questionEnd(Array(asked.dropLast(3))) == nil)
        var two = asked
        two[5] = 2
        #expect(ValidatorRelay.questionEnd(two) == nil)
        #expect(ValidatorRelay.questionEnd([UInt8](repeating: 0, count: 11)) == nil)
    }
}
