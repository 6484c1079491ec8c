import Foundation
import SMTPProbe

/// The run's probe manners (issue 5): each (address, port, TLS mode, version) is probed once
/// per run however many domains share it; at most `perServer` connections to one address at
/// a time and `total` in all; an address whose connection timed out is not tried again for
/// the rest of the run (on any port).
public actor ProbeScheduler {
    public struct Key: Hashable, Sendable {
        public var address: String
        public var port: UInt16
        public var mode: String
        public var version: String?
    }

    public let perServer: Int
    public let total: Int
    private var results: [Key: Task<SMTPSessionResult, Never>] = [:]
    private var timedOut: Set<String> = []
    private var active: [String: Int] = [:]
    private var activeTotal = 0
    private var waiters: [(address: String, continuation: CheckedContinuation<Void, Never>)] = []
    /// Probes actually run (not answered from the cache), for the benchmark and the tests.
    public private(set) var sessionsRun = 0

    public init(perServer: Int = 2, total: Int = 64) {
        self.perServer = max(1, perServer)
        self.total = max(1, total)
    }

    /// The session for `key`: run now (within the limits) or shared with whoever asked first.
    /// `reused` is true when another caller asked for the same key before.
    public func session(_ key: Key, configuration: SMTPProbeConfiguration) async -> (result: SMTPSessionResult, reused: Bool) {
        if let existing = results[key] { return (await existing.value, true) }
        let task = Task { await self.run(key, configuration: configuration) }
        results[key] = task
        return (await task.value, false)
    }

    private func run(_ key: Key, configuration: SMTPProbeConfiguration) async -> SMTPSessionResult {
        if timedOut.contains(key.address) {
            return SMTPSessionResult(address: key.address, port: key.port, failure: SMTPFailure(
                step: .connect, kind: .timeout, detail: "not tried: a connection to \(key.address) timed out earlier in this run"))
        }
        let asked = Date()
        await acquire(key.address)
        // Time spent waiting for a connection slot comes off the dialogue's own deadline, so
        // that the domain that asked still ends within its deadline.
        var bounded = configuration
        bounded.deadline -= Date().timeIntervalSince(asked)
        guard bounded.deadline >= 1 else {
            release(key.address)
            return SMTPSessionResult(address: key.address, port: key.port, failure: SMTPFailure(
                step: .connect, kind: .timeout, detail: "not tried: no connection slot for \(key.address) before the deadline"))
        }
        sessionsRun += 1
        var result = await SMTPProbe.session(address: key.address, port: key.port, configuration: bounded)
        release(key.address)
        if result.failure?.step == .connect && result.failure?.kind == .timeout { timedOut.insert(key.address) }
        // The cache keeps what the facts use; the transcript is for `mailaudit smtp` only, and
        // dropping it keeps the cache small over thousands of domains.
        result.transcript = []
        return result
    }

    private func acquire(_ address: String) async {
        while (active[address] ?? 0) >= perServer || activeTotal >= total {
            await withCheckedContinuation { waiters.append((address, $0)) }
        }
        active[address, default: 0] += 1
        activeTotal += 1
    }

    private func release(_ address: String) {
        active[address, default: 1] -= 1
        activeTotal -= 1
        // Wake everyone; each re-checks its limits (few waiters in practice).
        let woken = waiters
        waiters = []
        for waiter in woken { waiter.continuation.resume() }
    }
}
