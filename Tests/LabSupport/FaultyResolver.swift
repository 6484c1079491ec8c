import Foundation

/// A resolver that misbehaves at the rates it is given: it relays each query to the lab's
/// unbound and then, by a seeded random draw per query, drops the answer, delays it, sends
/// it twice, holds it back so later answers overtake it, sends it with a wrong ID, answers
/// truncated (TC) with no TCP service behind it, or answers SERVFAIL instead. For tests of
/// how an audit survives a bad path to its resolver (the lossy relay beside it drops one name).
public final class FaultyResolver: Sendable {
    /// The share of queries (0...1) each fault hits; the draws are independent.
    public struct Rates: Sendable, CustomStringConvertible {
        public var drop = 0.0
        public var servfail = 0.0
        public var delay = 0.0
        public var duplicate = 0.0
        public var reorder = 0.0
        public var wrongID = 0.0
        public var truncate = 0.0
        public init(drop: Double = 0, servfail: Double = 0, delay: Double = 0, duplicate: Double = 0,
                    reorder: Double = 0, wrongID: Double = 0, truncate: Double = 0) {
            self.drop = drop
            self.servfail = servfail
            self.delay = delay
            self.duplicate = duplicate
            self.reorder = reorder
            self.wrongID = wrongID
            self.truncate = truncate
        }

        public var description: String {
            [("loss", drop), ("SERVFAIL", servfail), ("delay", delay), ("duplicate", duplicate),
             ("reorder", reorder), ("wrong ID", wrongID), ("truncated", truncate)]
                .filter { $0.1 > 0 }.map { "\(Int(($0.1 * 100).rounded()))% \($0.0)" }.joined(separator: ", ")
        }
    }

    /// What the resolver did, counted.
    public struct Counts: Sendable {
        public var queries = 0, dropped = 0, servfails = 0, delayed = 0, duplicated = 0, reordered = 0,
                   wrongIDs = 0, truncated = 0, upstreamSilent = 0
    }

    /// The generator and the counts, shared by the server's thread and the relay queue.
    private final class State: @unchecked Sendable {
        private let lock = NSLock()
        private var random: UInt64
        private var counts = Counts()
        init(seed: UInt64) { random = seed }
        func withLock<T>(_ body: (inout UInt64, inout Counts) -> T) -> T {
            lock.lock()
            defer { lock.unlock() }
            return body(&random, &counts)
        }
    }

    private let server: FakeUDPServer
    private let state: State
    public var address: String { server.address }
    public var port: UInt16 { server.port }
    public var resolver: String { "\(server.address):\(server.port)" }
    public var counts: Counts { state.withLock { _, counts in counts } }

    /// Listens on an unused lab address (`NET.59` by default) on a free port.
    public init(rates: Rates, seed: UInt64 = 1, upstream: String = Lab.resolver) throws {
        let state = State(seed: seed)
        self.state = state
        let queue = DispatchQueue(label: "faulty-resolver", attributes: .concurrent)
        server = try FakeUDPServer(address: "127.0.0.1", handler: { query, send in
            guard query.count >= 12 else { return }
            // All of one query's draws at once, in arrival order, so a seed gives one sequence.
            let draws = state.withLock { random, counts -> [Double] in
                counts.queries += 1
                return (0..<7).map { _ in SeededDraws.next(&random) }
            }
            func hit(_ index: Int, _ rate: Double, _ count: WritableKeyPath<Counts, Int>) -> Bool {
                guard draws[index] < rate else { return false }
                state.withLock { _, counts in counts[keyPath: count] += 1 }
                return true
            }
            if hit(0, rates.drop, \.dropped) { return }
            if hit(1, rates.servfail, \.servfails) {
                send(Self.rcodeOnly(query, rcode: 2, truncated: false))
                return
            }
            if hit(2, rates.truncate, \.truncated) {
                send(Self.rcodeOnly(query, rcode: 0, truncated: true))
                return
            }
            let delayed = hit(3, rates.delay, \.delayed)
            let reordered = hit(4, rates.reorder, \.reordered)
            let duplicated = hit(5, rates.duplicate, \.duplicated)
            let wrongID = hit(6, rates.wrongID, \.wrongIDs)
            queue.async {
                guard var response = LossyResolver.relay(query, to: upstream) else {
                    state.withLock { _, counts in counts.upstreamSilent += 1 }
                    return
                }
                if wrongID { response[0] ^= 0x5a }
                // Delayed: 100–300 ms (the client's timeout is longer); held back: 20–60 ms,
                // so that answers to later queries go out first.
                let wait = (delayed ? 0.1 + 0.2 * draws[3] / max(rates.delay, 1e-9) : 0)
                    + (reordered ? 0.02 + 0.04 * draws[4] / max(rates.reorder, 1e-9) : 0)
                let deliver: @Sendable () -> Void = { [response] in
                    send(response)
                    if duplicated { send(response) }
                }
                if wait > 0 { queue.asyncAfter(deadline: .now() + wait, execute: deliver) } else { deliver() }
            }
        })
    }

    public func stop() { server.stop() }

    /// A response with the query's header and question, no records, and the given RCODE
    /// (and TC when `truncated`): what a failing or truncating resolver sends.
    static func rcodeOnly(_ query: [UInt8], rcode: UInt8, truncated: Bool) -> [UInt8] {
        var response = query
        response[2] = 0x80 | (query[2] & 0x79) | (truncated ? 0x02 : 0)  // QR, opcode, RD kept
        response[3] = 0x80 | (rcode & 0x0f)  // RA
        // Keep the question; no answer, authority or additional records (the OPT record,
        // if the query had one, goes too: ARCOUNT 0 and the bytes after the question dropped).
        response[6] = 0; response[7] = 0; response[8] = 0; response[9] = 0; response[10] = 0; response[11] = 0
        var offset = 12
        while offset < response.count, response[offset] != 0 { offset += Int(response[offset]) + 1 }
        return Array(response.prefix(min(response.count, offset + 5)))
    }
}
