/// Runs one question to its final answer on the calling (worker) thread: tries each
/// server in turn, retries on timeouts, repeats a truncated UDP answer over TCP
/// (RFC 7766 §5; RFC 1035 §4.2.1), and gives the response its DNS meaning.
struct QueryRunner {
    let configuration: DNSClientConfiguration

    func run(_ question: DNSQuestion, using exchange: WireExchange) -> DNSAnswer {
        guard var wire = LDNSWire.query(question, id: 0, ednsUDPSize: configuration.ednsUDPSize,
                                        dnssecOK: configuration.dnssecOK) else {
            return DNSAnswer(question: question, outcome: .invalidName,
                             detail: "'\(question.name)' is not a valid domain name")
        }
        let started = Monotonic.now()
        var attempts = 0
        var skipped = Set<DNSServer>()
        var lastFailure: DNSAnswer?
        var lastRefusal: DNSAnswer?

        for _ in 0...max(0, configuration.retries) {
            for server in configuration.servers where !skipped.contains(server) {
                attempts += 1
                let id = UInt16.random(in: 0...UInt16.max)
                wire[0] = UInt8(id >> 8)
                wire[1] = UInt8(id & 0xff)
                var transport = DNSTransport.udp
                var truncated = false
                var result = exchange.udp(wire, id: id, question: question, server: server, timeout: configuration.timeout)
                if case .response(let response) = result, response.truncated {
                    truncated = true
                    transport = .tcp
                    result = exchange.tcp(wire, id: id, question: question, server: server, timeout: configuration.timeout)
                }
                var answer: DNSAnswer
                switch result {
                case .response(let response):
                    answer = interpret(response, question: question)
                case .timeout:
                    answer = DNSAnswer(question: question, outcome: .timeout,
                                       detail: "no answer from \(server) over \(transport.rawValue.uppercased()) within \(formatted(configuration.timeout)) s")
                case .networkError(let message):
                    answer = DNSAnswer(question: question, outcome: .networkError, detail: message)
                    skipped.insert(server)
                case .malformed(let message):
                    answer = DNSAnswer(question: question, outcome: .malformed, detail: message)
                    skipped.insert(server)
                }
                answer.server = server.description
                answer.transport = transport
                answer.truncatedOverUDP = truncated
                answer.attempts = attempts
                answer.seconds = Monotonic.now() - started

                switch answer.outcome {
                case .records, .nodata, .nxdomain:
                    return answer
                case .servfail, .refused, .otherRcode:
                    // A definite refusal from this server; another server may still answer.
                    skipped.insert(server)
                    lastRefusal = answer
                default:
                    lastFailure = answer
                }
            }
        }
        // Prefer what a server said (SERVFAIL, REFUSED) over silence.
        var final = lastRefusal ?? lastFailure
            ?? DNSAnswer(question: question, outcome: .networkError, detail: "no resolver to ask")
        final.attempts = attempts
        final.seconds = Monotonic.now() - started
        return final
    }

    /// Gives a response its meaning: follows the CNAME chain from the asked name
    /// (RFC 1034 §3.6.2, §4.3.2) and classifies the result.
    func interpret(_ response: ParsedResponse, question: DNSQuestion) -> DNSAnswer {
        var answer = DNSAnswer(question: question, outcome: .records)
        answer.rcode = LDNSWire.rcodeName(response.rcode)
        answer.authenticData = response.authenticData
        answer.authoritative = response.authoritative
        answer.recursionAvailable = response.recursionAvailable
        answer.signaturesPresent = response.answer.contains { $0.type == .RRSIG }

        var current = question.name
        if question.type != .CNAME {
            var seen: Set<String> = [current]
            while let link = response.answer.first(where: { $0.type == .CNAME && $0.name == current }),
                  case .cname(let target) = link.data {
                answer.cnameChain.append(target)
                current = target
                // A CNAME loop is the zone's error; report the chain as it stands.
                if seen.contains(target) || answer.cnameChain.count >= 16 { break }
                seen.insert(target)
            }
        }
        answer.records = response.answer.filter { $0.type == question.type && $0.name == current }

        switch response.rcode {
        case 0:
            answer.outcome = answer.records.isEmpty ? .nodata : .records
        case 3:
            answer.outcome = .nxdomain
        case 2:
            answer.outcome = .servfail
            answer.detail = "the resolver answered SERVFAIL: it could not get or validate an answer"
        case 5:
            answer.outcome = .refused
            answer.detail = "the resolver answered REFUSED: it does not answer this query for this client"
        default:
            answer.outcome = .otherRcode
            answer.detail = "the resolver answered \(answer.rcode ?? "an unknown RCODE")"
        }
        return answer
    }

    private func formatted(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
