import NetworkSupport

/// Runs one question to its final answer on the calling thread, one try at a time:
/// UDP first, TCP when the UDP answer is truncated (RFC 7766 §5; RFC 1035 §4.2.1).
struct QueryRunner {
    let configuration: DNSClientConfiguration

    func run(_ question: DNSQuestion, using exchange: WireExchange) -> DNSAnswer {
        guard let progress = QueryProgress(question, configuration: configuration, now: MonotonicClock.seconds()) else {
            return Self.invalidName(question)
        }
        return run(continuing: progress, using: exchange)
    }

    /// Finishes a query whose UDP answer from `server` was truncated: the same question
    /// over TCP, then (should that fail) the remaining tries as usual.
    func finishOverTCP(_ start: QueryProgress, server: DNSServer, using exchange: WireExchange) -> DNSAnswer {
        var progress = start
        let result = exchange.tcp(progress.wire, id: progress.currentID, question: progress.question, server: server,
                                  timeout: configuration.timeout)
        if let final = progress.record(result, server: server, transport: .tcp, truncated: true,
                                       timeout: configuration.timeout, now: MonotonicClock.seconds()) {
            return final
        }
        return run(continuing: progress, using: exchange)
    }

    private func run(continuing start: QueryProgress, using exchange: WireExchange) -> DNSAnswer {
        var progress = start
        let question = progress.question
        while let server = progress.nextAttempt(configuration) {
            var result = exchange.udp(progress.wire, id: progress.currentID, question: question, server: server,
                                      timeout: configuration.timeout)
            var transport = DNSTransport.udp
            var truncated = false
            if case .response(let response) = result, response.truncated {
                truncated = true
                transport = .tcp
                result = exchange.tcp(progress.wire, id: progress.currentID, question: question, server: server,
                                      timeout: configuration.timeout)
            }
            if let final = progress.record(result, server: server, transport: transport, truncated: truncated,
                                           timeout: configuration.timeout, now: MonotonicClock.seconds()) {
                return final
            }
        }
        return progress.finish(now: MonotonicClock.seconds())
    }

    static func invalidName(_ question: DNSQuestion) -> DNSAnswer {
        DNSAnswer(question: question, outcome: .invalidName, detail: "'\(question.name)' is not a valid domain name")
    }

    /// Gives a response its meaning: follows the CNAME chain from the asked name
    /// (RFC 1034 §3.6.2, §4.3.2) and classifies the result.
    static func interpret(_ response: ParsedResponse, question: DNSQuestion) -> DNSAnswer {
        var answer = DNSAnswer(question: question, outcome: .records)
        answer.rcode = LDNSWire.rcodeName(response.rcode)
        answer.authenticData = response.authenticData
        answer.authoritative = response.authoritative
        answer.recursionAvailable = response.recursionAvailable
        answer.signaturesPresent = response.answer.contains { $0.type == .RRSIG }
        answer.extendedErrors = response.extendedErrors
        let because = response.extendedErrors.isEmpty ? ""
            : " (extended error " + response.extendedErrors.map(\.description).joined(separator: "; ") + ")"

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
        // An RRset has no order (RFC 2181 §5), but resolvers rotate it (unbound's
        // rrset-roundrobin): a fixed order keeps facts, reports and the history's comparisons
        // from changing when nothing in DNS did.
        answer.records = response.answer.filter { $0.type == question.type && $0.name == current }
            .sorted { DNSRData.canonicallyBefore($0.data, $1.data) }

        switch response.rcode {
        case 0:
            answer.outcome = answer.records.isEmpty ? .nodata : .records
        case 3:
            answer.outcome = .nxdomain
        case 2:
            answer.outcome = .servfail
            answer.detail = "the resolver answered SERVFAIL\(because): it could not get or validate an answer"
        case 5:
            answer.outcome = .refused
            answer.detail = "the resolver answered REFUSED\(because): it does not answer this query for this client"
        default:
            answer.outcome = .otherRcode
            answer.detail = "the resolver answered \(answer.rcode ?? "an unknown RCODE")\(because)"
        }
        return answer
    }
}
