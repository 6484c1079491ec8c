import Foundation
import NetworkSupport
import Testing
@testable import DNSClient

@Suite("DNS client: pure parts")
struct DNSClientUnitTests {
    @Test("--resolver forms are parsed, bad ones rejected with a reason")
    func serverParsing() throws {
        #expect(try DNSServer(parsing: "127.0.0.1") == DNSServer(address: "127.0.0.1", port: 53))
        #expect(try DNSServer(parsing: "127.0.0.1:5353").port == 5353)
        #expect(try DNSServer(parsing: "[::1]:5353") == DNSServer(address: "::1", port: 5353))
        #expect(try DNSServer(parsing: "::1").family == .ipv6)
        #expect(try DNSServer(parsing: "[::1]:5353").description == "[::1]:5353")
        for bad in ["foo", "1.2.3.4:0", "1.2.3.4:70000", "[::1", "[::1]x", "1.2.3.4.5", ""] {
            #expect(throws: DNSServerError.self, "\(bad)") { try DNSServer(parsing: bad) }
        }
    }

    @Test("nameservers come from resolv.conf in order; other lines are ignored")
    func resolvConf() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("resolv-\(UUID()).conf").path
        try "# comment\nsearch lab\nnameserver 127.77.0.54\nnameserver ::1\nnameserver fe80::1%eth0\noptions ndots:1\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(DNSServer.fromResolvConf(path: path).map(\.description) == ["127.77.0.54", "::1"])
        #expect(DNSServer.fromResolvConf(path: "/nonexistent/resolv.conf").isEmpty)
    }

    @Test("RR type mnemonics and the RFC 3597 TYPEn form")
    func types() {
        #expect(DNSType("mx") == .MX)
        #expect(DNSType("TYPE65")?.rawValue == 65)
        #expect(DNSType("nonsense") == nil)
        #expect(DNSType.TLSA.description == "TLSA")
        #expect(DNSType(rawValue: 65).description == "TYPE65")
    }

    @Test("reverse names for IPv4 (in-addr.arpa) and IPv6 (ip6.arpa)")
    func reverseNames() {
        #expect(IPAddress("127.77.0.25")?.reverseName == "25.0.77.127.in-addr.arpa")
        #expect(IPAddress("2001:db8::1")?.reverseName == "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa")
        #expect(IPAddress("not-an-ip") == nil)
        #expect(IPAddress(bytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])?.description == "::1")
    }

    @Test("names compare case-insensitively with or without the trailing dot")
    func names() {
        #expect(DNSName.absolute("Example.ORG") == "example.org.")
        #expect(DNSName.equal("mx.Example.org.", "MX.example.org"))
        #expect(DNSQuestion(name: "Good.Test", type: .MX) == DNSQuestion(name: "good.test.", type: .MX))
    }

    @Test("a label may hold any octet (RFC 2181 §11): raw, \\DDD and \\X forms are one canonical name")
    func anyOctetNames() throws {
        // As SPF macro expansion makes it, as ldns prints it, and with \X escapes.
        let canonical = "macro%percent\\032\\032space.example.com."
        #expect(DNSName.absolute("macro%percent  space.Example.com") == canonical)
        #expect(DNSName.absolute("macro%percent\\032\\032space.example.com.") == canonical)
        #expect(DNSName.absolute("macro%percent\\ \\ space.example.com") == canonical)
        #expect(DNSName.absolute("a\\.b.test") == "a\\046b.test.", "an escaped dot stays inside its label")
        #expect(DNSName.fromRawLabels("back\\slash.test") == "back\\092slash.test.", "SPF names have no escapes")
        // A name from DNS back to raw text and in again: the same name.
        #expect(DNSName.unescaped("a\\032b.example.") == "a b.example")
        #expect(DNSName.fromRawLabels(DNSName.unescaped("a\\032b.example.")) == "a\\032b.example.")
        #expect(DNSName.unescaped("mx.example.org.") == "mx.example.org.")
        #expect(DNSName.absolute("caf\u{e9}.test") == "caf\\195\\169.test.", "UTF-8 octets")
        // The canonical form goes on the wire as those octets.
        let wire = try #require(LDNSWire.query(DNSQuestion(name: "a b.test", type: .TXT), id: 1, ednsUDPSize: 0, dnssecOK: false))
        #expect(Array(wire[12..<21]) == [3, 97, 32, 98, 4, 116, 101, 115, 116])
        // Only lengths limit a name: 63 octets a label, 255 in all.
        #expect(LDNSWire.query(DNSQuestion(name: String(repeating: "\\032", count: 63) + ".test", type: .A), id: 1, ednsUDPSize: 0, dnssecOK: false) != nil)
        #expect(LDNSWire.query(DNSQuestion(name: String(repeating: "\\032", count: 64) + ".test", type: .A), id: 1, ednsUDPSize: 0, dnssecOK: false) == nil)
        #expect(LDNSWire.query(DNSQuestion(name: "mail.example...com", type: .A), id: 1, ednsUDPSize: 0, dnssecOK: false) == nil)
        #expect(LDNSWire.query(DNSQuestion(name: "a\\256.test", type: .A), id: 1, ednsUDPSize: 0, dnssecOK: false) == nil, "no octet is 256")
    }

    @Test("a query has RD, EDNS0 with the DO bit and the advertised size, and CD when asked")
    func queryWire() throws {
        let question = DNSQuestion(name: "good.test", type: .MX, checkingDisabled: true)
        let wire = try #require(LDNSWire.query(question, id: 0x1234, ednsUDPSize: 1232, dnssecOK: true))
        #expect(wire[0] == 0x12 && wire[1] == 0x34)
        #expect(wire[2] & 0x01 == 0x01, "RD")
        #expect(wire[3] & 0x10 == 0x10, "CD")
        #expect(wire[5] == 1 && wire[11] == 1, "one question, one additional (OPT)")
        // The OPT RR closes the message: type 41, class = UDP size, TTL carries DO (0x8000).
        let opt = Array(wire.suffix(11))
        #expect(opt[0] == 0 && opt[1] == 0 && opt[2] == 41)
        #expect(Int(opt[3]) << 8 | Int(opt[4]) == 1232)
        #expect(opt[7] & 0x80 == 0x80, "DO")
        let plain = try #require(LDNSWire.query(DNSQuestion(name: "good.test", type: .MX), id: 1, ednsUDPSize: 0, dnssecOK: false))
        #expect(plain[11] == 0, "no OPT record when EDNS is off")
        #expect(LDNSWire.query(DNSQuestion(name: String(repeating: "a", count: 64) + ".test", type: .A), id: 1, ednsUDPSize: 1232, dnssecOK: true) == nil)
    }

    @Test("a response is parsed into Swift values: TXT strings kept apart, joined per RFC 7208 §3.3")
    func parseTXT() throws {
        var message: [UInt8] = [0xab, 0xcd, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0]
        let name: [UInt8] = [4] + Array("good".utf8) + [4] + Array("test".utf8) + [0]
        message += name + [0, 16, 0, 1]
        let strings: [[UInt8]] = [Array("v=spf1 ip4:192.0.2.0/24".utf8), Array(" -all".utf8)]
        let rdata = strings.flatMap { [UInt8($0.count)] + $0 }
        message += [0xc0, 12, 0, 16, 0, 1, 0, 0, 1, 44, 0, UInt8(rdata.count)] + rdata
        let response = try #require(message.withUnsafeBytes { LDNSWire.parse($0) })
        #expect(response.id == 0xabcd && response.isResponse && response.recursionAvailable)
        #expect(response.questionName == "good.test." && response.questionType == .TXT)
        let record = try #require(response.answer.first)
        #expect(record.ttl == 300)
        #expect(record.data == .txt(strings))
        #expect(record.joinedText == "v=spf1 ip4:192.0.2.0/24 -all")
        // Cut short: not a DNS message.
        #expect(Array(message.prefix(message.count - 3)).withUnsafeBytes { LDNSWire.parse($0) } == nil)
        #expect([UInt8](repeating: 0xff, count: 40).withUnsafeBytes { LDNSWire.parse($0) } == nil)
    }

    @Test("Extended DNS Errors (RFC 8914) are read from the OPT record; a short option is skipped")
    func extendedErrors() throws {
        var message: [UInt8] = [0xab, 0xcd, 0x81, 0x82, 0, 1, 0, 0, 0, 0, 0, 1]  // SERVFAIL, one additional
        message += [4] + Array("good".utf8) + [4] + Array("test".utf8) + [0] + [0, 15, 0, 1]
        let text = Array("validation failure <good.test. MX IN>".utf8)
        let options: [UInt8] = [0, 15, 0, UInt8(2 + text.count), 0, 6] + text  // EDE 6, DNSSEC Bogus
            + [0, 15, 0, 1, 9]  // too short for an INFO-CODE
            + [0, 15, 0, 3, 0, 22, 0]  // EDE 22, its text a lone NUL
        message += [0, 0, 41, 4, 208, 0, 0, 0x80, 0, 0, UInt8(options.count)] + options
        let response = try #require(message.withUnsafeBytes { LDNSWire.parse($0) })
        #expect(response.rcode == 2)
        #expect(response.extendedErrors == [DNSExtendedError(code: 6, text: "validation failure <good.test. MX IN>"),
                                            DNSExtendedError(code: 22, text: "")])
        #expect(response.extendedErrors[0].isValidationFailure && !response.extendedErrors[1].isValidationFailure)
        let answer = QueryRunner.interpret(response, question: DNSQuestion(name: "good.test", type: .MX))
        #expect(answer.detail?.contains("extended error 6 (DNSSEC Bogus), the resolver's text: \"validation failure <good.test. MX IN>\"") == true,
                "the EXTRA-TEXT quoted as the resolver's: \(answer.detail ?? "")")
        #expect(answer.detail?.contains("22 (No Reachable Authority)") == true)
    }

    /// Answers from a script, per question (its repetition included), counting the asks.
    final class ScriptedLookup: DNSLookup, @unchecked Sendable {
        private let lock = NSLock()
        private var script: [DNSQuestion: [DNSAnswer]]
        private(set) var asked: [DNSQuestion] = []
        init(_ script: [DNSQuestion: [DNSAnswer]]) { self.script = script }
        func answer(_ question: DNSQuestion) async -> DNSAnswer { next(question) }
        private func next(_ question: DNSQuestion) -> DNSAnswer {
            lock.lock()
            defer { lock.unlock() }
            asked.append(question)
            let base = DNSQuestion(name: question.name, type: question.type, checkingDisabled: question.checkingDisabled)
            let answers = script[base] ?? []
            return question.repetition < answers.count ? answers[question.repetition]
                : answers.last ?? DNSAnswer(question: question, outcome: .timeout)
        }
    }

    private static func answer(_ outcome: DNSOutcome, cd: Bool = false, ede: [DNSExtendedError] = [], ad: Bool = false) -> DNSAnswer {
        var answer = DNSAnswer(question: DNSQuestion(name: "x.test", type: .MX, checkingDisabled: cd), outcome: outcome)
        answer.extendedErrors = ede
        answer.recursionAvailable = true
        answer.authenticData = ad
        return answer
    }

    @Test("bogus means bogus: a transient SERVFAIL is asked again, an Extended DNS Error decides at once")
    func servfailIsNotBogus() async {
        let plain = DNSQuestion(name: "x.test", type: .MX)
        let cd = DNSQuestion(name: "x.test", type: .MX, checkingDisabled: true)
        let records = Self.answer(.records, cd: true)

        // SERVFAIL, then an answer: transient; the state is the answer's (insecure here).
        let transient = ScriptedLookup([plain: [Self.answer(.servfail), Self.answer(.records)], cd: [records]])
        let first = await transient.dnssecStatus(of: "x.test", type: .MX)
        #expect(first.state == .insecure)
        #expect(first.reason.contains("a SERVFAIL before it was transient"))

        // SERVFAIL every time without EDE, while CD answers: bogus after 1 + 3 asks.
        let lasting = ScriptedLookup([plain: [Self.answer(.servfail)], cd: [records]])
        let second = await lasting.dnssecStatus(of: "x.test", type: .MX)
        #expect(second.state == .bogus)
        #expect(lasting.asked.filter { !$0.checkingDisabled }.map(\.repetition) == [0, 1, 2, 3])
        #expect(second.reason.contains("SERVFAIL 4 times in a row"))

        // EDE 7 (Signature Expired): bogus without asking again.
        let expired = ScriptedLookup([plain: [Self.answer(.servfail, ede: [DNSExtendedError(code: 7, text: "")])], cd: [records]])
        let third = await expired.dnssecStatus(of: "x.test", type: .MX)
        #expect(third.state == .bogus && third.reason.contains("7 (Signature Expired)"))
        #expect(expired.asked.filter { !$0.checkingDisabled }.count == 1)

        // EDE 22 (No Reachable Authority): not a DNSSEC verdict, even though CD answers.
        let unreachable = ScriptedLookup([plain: [Self.answer(.servfail, ede: [DNSExtendedError(code: 22, text: "")])], cd: [records]])
        let fourth = await unreachable.dnssecStatus(of: "x.test", type: .MX)
        #expect(fourth.state == .indeterminate && fourth.reason.contains("not a DNSSEC failure"))

        // SERVFAIL with and without CD: the zone cannot be reached; indeterminate.
        let dead = ScriptedLookup([plain: [Self.answer(.servfail)], cd: [Self.answer(.servfail, cd: true)]])
        #expect(await dead.dnssecStatus(of: "x.test", type: .MX).state == .indeterminate)

        // A repeat that times out: no conclusion.
        let silent = ScriptedLookup([plain: [Self.answer(.servfail), Self.answer(.timeout)], cd: [records]])
        #expect(await silent.dnssecStatus(of: "x.test", type: .MX).state == .indeterminate)
    }

    @Test("the answer cache keeps good answers for the run and failures only briefly")
    func cacheForgetsFailures() async {
        final class Counter: @unchecked Sendable {
            private let lock = NSLock()
            private var count = 0
            func next() -> Int { lock.lock(); defer { lock.unlock() }; count += 1; return count }
            var value: Int { lock.lock(); defer { lock.unlock() }; return count }
        }
        let good = DNSQuestion(name: "good.test", type: .MX), bad = DNSQuestion(name: "bad.test", type: .MX)
        for (lifetime, expectedBadQueries) in [(0.0, 3), (3600.0, 1)] {
            let cache = AnswerCache(keepsAnswers: true, failureLifetime: lifetime)
            let queries = Counter()
            for _ in 0..<3 {
                for question in [good, bad] {
                    _ = await cache.answer(for: question) { complete in
                        _ = queries.next()
                        complete(DNSAnswer(question: question, outcome: question == good ? .records : .servfail))
                    }
                }
            }
            #expect(queries.value == 1 + expectedBadQueries, "failure lifetime \(lifetime) s")
        }
    }

    private func response(rcode: UInt8, _ records: [DNSRecord]) -> ParsedResponse {
        ParsedResponse(id: 1, isResponse: true, truncated: false, authoritative: false, recursionAvailable: true,
                       authenticData: false, rcode: rcode, questionName: "a.test.", questionType: .A, answer: records)
    }

    @Test("CNAME chains are followed from the asked name, and loops stop")
    func cnameChains() {
        let runner = QueryRunner.self
        let question = DNSQuestion(name: "a.test", type: .A)
        let chain = [
            DNSRecord(name: "b.test.", type: .CNAME, ttl: 1, data: .cname("c.test.")),
            DNSRecord(name: "a.test.", type: .CNAME, ttl: 1, data: .cname("b.test.")),
            DNSRecord(name: "c.test.", type: .A, ttl: 1, data: .a("192.0.2.1")),
            DNSRecord(name: "unrelated.test.", type: .A, ttl: 1, data: .a("192.0.2.2")),
        ]
        let answer = runner.interpret(response(rcode: 0, chain), question: question)
        #expect(answer.outcome == .records)
        #expect(answer.cnameChain == ["b.test.", "c.test."])
        #expect(answer.records.map(\.data) == [.a("192.0.2.1")])

        let loop = [
            DNSRecord(name: "a.test.", type: .CNAME, ttl: 1, data: .cname("b.test.")),
            DNSRecord(name: "b.test.", type: .CNAME, ttl: 1, data: .cname("a.test.")),
        ]
        let looped = runner.interpret(response(rcode: 0, loop), question: question)
        #expect(looped.outcome == .nodata)
        #expect(looped.cnameChain == ["b.test.", "a.test."])

        let dangling = runner.interpret(response(rcode: 3, [chain[1]]), question: question)
        #expect(dangling.outcome == .nxdomain && dangling.cnameChain == ["b.test."])
    }

    @Test("response codes map to outcomes")
    func rcodes() {
        let runner = QueryRunner.self
        let question = DNSQuestion(name: "a.test", type: .A)
        #expect(runner.interpret(response(rcode: 0, []), question: question).outcome == .nodata)
        #expect(runner.interpret(response(rcode: 2, []), question: question).outcome == .servfail)
        #expect(runner.interpret(response(rcode: 3, []), question: question).outcome == .nxdomain)
        #expect(runner.interpret(response(rcode: 5, []), question: question).outcome == .refused)
        let formerr = runner.interpret(response(rcode: 1, []), question: question)
        #expect(formerr.outcome == .otherRcode && formerr.rcode == "FORMERR")
    }
}
