/// One question on its way to a final answer: which server to try next, what each try
/// came to, and when to stop. The policy: try each server in turn; a server that cannot be
/// reached or answers malformed or REFUSED is not asked again for this question, one that
/// answers SERVFAIL once more in the next round (unless it said validation failed);
/// timeouts are retried for `retries` further rounds; a definite answer (records, NODATA,
/// NXDOMAIN) ends the query. Shared by the blocking runner and the multiplexing worker.
struct QueryProgress {
    let question: DNSQuestion
    private(set) var wire: [UInt8]
    let started: Double
    private(set) var attempts = 0
    private(set) var currentID: UInt16 = 0
    private var round = 0
    private var index = 0
    private var skipped = Set<DNSServer>()
    private var servfailedOnce = Set<DNSServer>()
    private var lastFailure: DNSAnswer?
    private var lastRefusal: DNSAnswer?

    /// Nil when the name cannot be put into a query; `QueryRunner.invalidName` says so.
    init?(_ question: DNSQuestion, configuration: DNSClientConfiguration, now: Double) {
        guard let wire = LDNSWire.query(question, id: 0, ednsUDPSize: configuration.ednsUDPSize,
                                        dnssecOK: configuration.dnssecOK) else { return nil }
        self.question = question
        self.wire = wire
        self.started = now
    }

    /// The next server to ask, with a fresh random ID (RFC 5452 §4.3) written into `wire`;
    /// nil when every try is spent.
    mutating func nextAttempt(_ configuration: DNSClientConfiguration, avoiding busy: (DNSServer, UInt16) -> Bool = { _, _ in false }) -> DNSServer? {
        let servers = configuration.servers
        while round <= max(0, configuration.retries) {
            while index < servers.count {
                let server = servers[index]
                index += 1
                guard !skipped.contains(server) else { continue }
                attempts += 1
                renumber(for: server, avoiding: busy)
                return server
            }
            round += 1
            index = 0
        }
        return nil
    }

    /// A fresh random ID for the current try (its first send, or a retransmission that the
    /// round-trip timer sends while the try is still open), written into `wire`.
    mutating func renumber(for server: DNSServer, avoiding busy: (DNSServer, UInt16) -> Bool) {
        var id = UInt16.random(in: 0...UInt16.max)
        while busy(server, id) { id = UInt16.random(in: 0...UInt16.max) }
        currentID = id
        wire[0] = UInt8(id >> 8)
        wire[1] = UInt8(id & 0xff)
    }

    /// Records what a try came to; returns the final answer when the query is over.
    mutating func record(_ result: ExchangeResult, server: DNSServer, transport: DNSTransport, truncated: Bool,
                         timeout: Double, now: Double) -> DNSAnswer? {
        var answer: DNSAnswer
        switch result {
        case .response(let response):
            answer = QueryRunner.interpret(response, question: question)
        case .timeout:
            answer = DNSAnswer(question: question, outcome: .timeout,
                               detail: "no answer from \(server) over \(transport.rawValue.uppercased()) within \(Self.formatted(timeout)) s")
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
        answer.seconds = now - started
        switch answer.outcome {
        case .records, .nodata, .nxdomain:
            return answer
        case .servfail where !servfailedOnce.contains(server) && !answer.extendedErrors.contains(where: \.isValidationFailure):
            // A resolver's SERVFAIL is often transient (an upstream timeout, a restart):
            // asked again in the next round, if there is one; a second SERVFAIL, or one that
            // says validation failed (RFC 8914), is the server's answer.
            servfailedOnce.insert(server)
            lastRefusal = answer
        case .servfail, .refused, .otherRcode:
            // A definite refusal from this server; another server may still answer.
            skipped.insert(server)
            lastRefusal = answer
        default:
            lastFailure = answer
        }
        return nil
    }

    /// The final answer once every try is spent: what a server said (SERVFAIL, REFUSED)
    /// is preferred over silence.
    func finish(now: Double) -> DNSAnswer {
        var final = lastRefusal ?? lastFailure
            ?? DNSAnswer(question: question, outcome: .networkError, detail: "no resolver to ask")
        final.attempts = attempts
        final.seconds = now - started
        return final
    }

    private static func formatted(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
