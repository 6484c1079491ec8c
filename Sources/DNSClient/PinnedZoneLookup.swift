import Foundation
import NetworkSupport

/// One zone's names asked of named servers, as a resolver will ask them once the zone is
/// delegated to them (`--ns`, Zonemaster's undelegated test): RD clear, each server in turn
/// until one answers, TCP after a truncated answer. Every other name, and a CNAME that leads
/// out of the zone, goes to `base` (the resolver). The A and AAAA records of a server named
/// with its address (`--ns NAME=ADDRESS`) are the address given.
public struct PinnedZoneLookup: DNSLookup {
    public let base: any DNSLookup
    /// The zone, absolute (`example.org.`).
    public let zone: String
    public let servers: [PinnedServer]
    public let timeout: Double

    public init(base: any DNSLookup, zone: String, servers: [PinnedServer], timeout: Double) {
        self.base = base
        self.zone = DNSName.absolute(zone)
        self.servers = servers
        self.timeout = timeout
    }

    private func inZone(_ name: String) -> Bool { name == zone || name.hasSuffix("." + zone) }

    public func answer(_ question: DNSQuestion) async -> DNSAnswer {
        let name = DNSName.absolute(question.name)
        let given = servers.filter { $0.given && $0.name == name }
        if !given.isEmpty, question.type == .A || question.type == .AAAA {
            var answer = DNSAnswer(question: question, outcome: .records)
            answer.rcode = "NOERROR"
            answer.server = "the address given for \(name)"
            answer.records = given.filter { ($0.address.isIPv4) == (question.type == .A) }.map {
                DNSRecord(name: name, type: question.type, ttl: 0, data: question.type == .A ? .a($0.address.description) : .aaaa($0.address.description))
            }
            if answer.records.isEmpty { answer.outcome = .nodata }
            return answer
        }
        guard inZone(name) else { return await base.answer(question) }
        var last = DNSAnswer(question: question, outcome: .networkError, detail: "no server to ask for \(zone)")
        for server in servers {
            var answer = await ask(question, server)
            if [.timeout, .networkError, .malformed, .refused, .servfail, .otherRcode].contains(answer.outcome) {
                answer.detail = "\(server) answered \(answer.rcode ?? answer.outcome.rawValue)\(answer.detail.map { ": " + $0 } ?? "")"
                last = answer
                continue
            }
            // Only an authoritative answer is the zone's (RFC 1034 §4.3.2): without AA, a name
            // below the apex may sit under a delegation inside the zone (asked through the
            // resolver); at the apex the server does not serve the zone at all.
            if !answer.authoritative {
                if name != zone { return await base.answer(question) }
                last = DNSAnswer(question: question, outcome: .servfail,
                                 detail: "\(server) answered without authority (no AA flag): it does not serve \(zone)")
                last.server = server.description
                continue
            }
            // A CNAME that leaves the zone: the rest of the chain through the resolver.
            if answer.records.isEmpty, let target = answer.cnameChain.last, !inZone(DNSName.absolute(target)) {
                var outside = await base.answer(DNSQuestion(name: DNSName.absolute(target), type: question.type, checkingDisabled: question.checkingDisabled))
                outside.question = question
                outside.cnameChain = answer.cnameChain + outside.cnameChain
                return outside
            }
            return answer
        }
        return last
    }

    private func ask(_ question: DNSQuestion, _ server: PinnedServer) async -> DNSAnswer {
        let timeout = timeout
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Self.exchange(question, server: server, timeout: timeout))
            }
        }
    }

    static func exchange(_ question: DNSQuestion, server pinned: PinnedServer, timeout: Double) -> DNSAnswer {
        let asked = DNSQuestion(name: DNSName.absolute(question.name), type: question.type)
        let id = UInt16.random(in: 0...UInt16.max)
        guard let wire = LDNSWire.query(asked, id: id, ednsUDPSize: 1232, dnssecOK: false, recursionDesired: false) else {
            return QueryRunner.invalidName(question)
        }
        guard let server = try? DNSServer(address: pinned.address.description) else {
            return DNSAnswer(question: question, outcome: .networkError, detail: "\(pinned) cannot be asked")
        }
        let exchange = WireExchange()
        var result = exchange.udp(wire, id: id, question: asked, server: server, timeout: timeout)
        var transport = DNSTransport.udp
        if case .response(let response) = result, response.truncated {
            result = exchange.tcp(wire, id: id, question: asked, server: server, timeout: timeout)
            transport = .tcp
        }
        var answer: DNSAnswer
        switch result {
        case .response(let response):
            answer = QueryRunner.interpret(response, question: asked)
            answer.question = question
        case .timeout:
            answer = DNSAnswer(question: question, outcome: .timeout, detail: "no answer from \(pinned) within \(timeout) s")
        case .networkError(let text):
            answer = DNSAnswer(question: question, outcome: .networkError, detail: text)
        case .malformed(let text):
            answer = DNSAnswer(question: question, outcome: .malformed, detail: text)
        }
        answer.server = pinned.description
        answer.transport = transport
        answer.attempts = 1
        return answer
    }
}
