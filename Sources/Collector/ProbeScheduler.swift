import Foundation
import MailFacts
import SMTPProbe

/// The run's probe manners (docs/architecture.md, "Probes and their manners"): each (address,
/// port, TLS mode, server name, version) is probed once per run however many domains share it
/// (the server name is sent as SNI, and a server may choose its certificate by it: two MX
/// names on one address are two sessions, each judged on the chain served for it); at most `perServer` connections to one address at
/// a time and `total` in all; an address whose connection timed out is not tried again for
/// the rest of the run (on any port).
public actor ProbeScheduler {
    public struct Key: Hashable, Sendable {
        public var address: String
        public var port: UInt16
        public var mode: SMTPTLSMode
        /// The name sent as SNI (lowercased): the served chain may depend on it.
        public var serverName: String
        /// Set for the one-version handshakes of `--tls-versions`.
        public var version: TLSProtocolVersion?
        public var purpose: SMTPProbePurpose
        /// The audited domain, for the purposes that name it (postmaster@DOMAIN).
        public var domain: String?
        /// What a handshake of the acceptance scan offers.
        public var offer: String?

        public init(address: String, port: UInt16, mode: SMTPTLSMode, serverName: String, version: TLSProtocolVersion? = nil,
                    purpose: SMTPProbePurpose = .dialogue, domain: String? = nil, offer: String? = nil) {
            self.domain = domain?.lowercased()
            self.offer = offer
            self.address = address
            self.port = port
            self.mode = mode
            self.serverName = serverName.lowercased()
            self.version = version
            self.purpose = purpose
        }
    }

    public let perServer: Int
    public let total: Int
    private var results: [Key: Task<SMTPSessionResult, Never>] = [:]
    private var timedOut: Set<String> = []
    private var active: [String: Int] = [:]
    private var activeTotal = 0
    /// Probes actually run (not answered from the cache), for the benchmark and the tests.
    public private(set) var sessionsRun = 0
    /// The same, by what each connection was for.
    public private(set) var sessionsByPurpose: [SMTPProbePurpose: Int] = [:]

    public init(perServer: Int = 2, total: Int = 64) {
        self.perServer = max(1, perServer)
        self.total = max(1, total)
    }

    /// The session for `key`: run now (within the limits) or shared with whoever asked first.
    /// `reused` is true when another caller asked for the same key before.
    public func session(_ key: Key, configuration: SMTPProbeConfiguration, using prober: any SMTPProber) async -> (result: SMTPSessionResult, reused: Bool) {
        if let existing = results[key] {
            // A probe another domain started may outlast this domain's deadline: wait for it
            // no longer than this caller's own probe would have taken.
            return (await Self.value(of: existing, within: configuration.deadline + 1, key: key), true)
        }
        let task = Task { await self.run(key, configuration: configuration, prober: prober) }
        results[key] = task
        return (await task.value, false)
    }

    private static func value(of task: Task<SMTPSessionResult, Never>, within seconds: Double, key: Key) async -> SMTPSessionResult {
        await withCheckedContinuation { continuation in
            let once = ResumeOnce(continuation)
            let timer = Task {
                try? await Task.sleep(for: .seconds(seconds))
                once.resume(SMTPSessionResult(address: key.address, port: key.port, failure: SMTPFailureFact(
                    step: .connect, kind: .deadlineExceeded,
                    detail: "the probe of \(key.address) port \(key.port) another domain started was still running at this domain's deadline")))
            }
            Task {
                once.resume(await task.value)
                timer.cancel()
            }
        }
    }

    private func run(_ key: Key, configuration: SMTPProbeConfiguration, prober: any SMTPProber) async -> SMTPSessionResult {
        if timedOut.contains(key.address) {
            return SMTPSessionResult(address: key.address, port: key.port, failure: SMTPFailureFact(
                step: .connect, kind: .timeout, detail: "not tried again: a connection to \(key.address) timed out earlier in this run"))
        }
        let asked = Date()
        // Time spent waiting for a connection slot comes off the dialogue's own deadline, so
        // that the domain that asked still ends within its deadline.
        guard await acquire(key.address, until: asked.addingTimeInterval(configuration.deadline - 1)) else {
            return SMTPSessionResult(address: key.address, port: key.port, failure: SMTPFailureFact(
                step: .connect, kind: .deadlineExceeded, detail: "no connection slot for \(key.address) came free before the deadline"))
        }
        var bounded = configuration
        bounded.deadline -= Date().timeIntervalSince(asked)
        sessionsRun += 1
        sessionsByPurpose[key.purpose, default: 0] += 1
        var result = await prober.session(address: key.address, port: key.port, configuration: bounded)
        release(key.address)
        if result.failure?.step == .connect && result.failure?.kind == .timeout { timedOut.insert(key.address) }
        // The cache keeps what the facts use; the transcript is for `mailaudit smtp` only, and
        // dropping it keeps the cache small over thousands of domains.
        result.transcript = []
        // A scan's handshake is kept for what it negotiated, not for its chain.
        if key.purpose == .handshake { result.tls?.chain = [] }
        return result
    }

    /// A connection slot for other probes of a server (the MTA-STS policy fetch): false when
    /// none came free by `deadline`. Every true must be followed by `releaseSlot`.
    public func acquireSlot(_ address: String, until deadline: Date) async -> Bool {
        await acquire(address, until: deadline)
    }

    public func releaseSlot(_ address: String) { release(address) }

    /// Waits (polling: few waiters, short waits) for a slot under both limits, until `deadline`.
    private func acquire(_ address: String, until deadline: Date) async -> Bool {
        while (active[address] ?? 0) >= perServer || activeTotal >= total {
            if Date() >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        active[address, default: 0] += 1
        activeTotal += 1
        return true
    }

    private func release(_ address: String) {
        active[address, default: 1] -= 1
        activeTotal -= 1
    }
}
