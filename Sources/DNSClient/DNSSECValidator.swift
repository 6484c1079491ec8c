import CUnbound
import Foundation
import NetworkSupport

/// DNSSEC validated by mailaudit itself, from a trust anchor, whatever the resolver does:
/// libunbound (the validator of unbound, as a library) walks the chain DS → DNSKEY → RRSIG
/// through the resolvers the user named, as forwarders. It asks them with checking disabled
/// (CD), so a validating resolver hands over the data it would refuse, and libunbound judges
/// it by itself; through a resolver that does not validate, or an authoritative server asked
/// directly, the verdict is the same (the lab's tests compare it with unbound's and delv's).
///
/// Why libunbound and not ldns's DNSSEC functions: ldns verifies one signature or one denial
/// proof at a time, and the chain walk (zone cuts, insecure delegations proven by NSEC or
/// NSEC3 with opt-out, unsupported algorithms, wildcards, CNAME chains) would be ours to
/// write; libunbound is a complete validator (RFC 4033-4035, 5155, 6840) and says why a
/// verdict is bogus.
///
/// libunbound does not ask the resolvers itself: it asks a relay of the validator's
/// (`ValidatorRelay`), which passes its queries on under the run's `--qps`, `--timeout` and
/// counts, so that validation stays on in a polite run and `--stats` shows what it cost.
public final class DNSSECValidator: DNSSECValidating, @unchecked Sendable {
    private let context: OpaquePointer
    /// The trust anchor's file, as given, for the facts.
    public let trustAnchor: String
    /// The user named the anchor (`--trust-anchor`, `MAILAUDIT_TRUST_ANCHOR`): failing to
    /// confirm it is then an error of the run, not a note.
    public let trustAnchorNamed: Bool
    /// The names the anchors are for (`.`, `test.`): a name below none of them gets no verdict.
    let anchors: [String]
    private let lock = NSLock()
    private var waiting: [Int32: (continuation: CheckedContinuation<DNSSECValidation, Never>, question: DNSSECValidation)] = [:]
    /// Started with the first question; it holds the validator until `close()` wakes it
    /// (through `wake`) and it ends. The run owns the validator and closes it when it ends.
    private var pollThread: Thread?
    /// Signalled by the poll thread as it ends: `close()` waits for it before freeing the
    /// context the thread polls.
    private let pollEnded = DispatchSemaphore(value: 0)
    /// A pipe whose write end `close()` writes to, waking the poll thread.
    private let wake: (read: Int32, write: Int32)
    private var closed = false
    /// Validations asked so far (`--stats`: `dnssec_validations`); libunbound's own queries
    /// for them (the DS and DNSKEY of each zone on the way, cached per zone) are the relay's count.
    private var asked = 0

    /// Debian's dns-root-data: the root zone's key-signing keys.
    public static let rootTrustAnchor = "/usr/share/dns/root.key"

    /// The run's validator: asking the configuration's resolvers, within its timeout, on its
    /// `--qps` schedule (shared with the stub resolver made from the same configuration).
    public convenience init(configuration: DNSClientConfiguration, trustAnchorFile: String, named: Bool = false) throws(DNSSECValidatorError) {
        try self.init(servers: configuration.servers, trustAnchorFile: trustAnchorFile, named: named,
                      timeout: configuration.timeout, pacer: configuration.pacer)
    }

    /// A validator asking `servers` (each query given up after `timeout` seconds, sent on
    /// `pacer`'s schedule if any), trusting the DS or DNSKEY records in `trustAnchorFile`.
    /// Throws, with the file and line, when the file cannot be read or holds no trust anchor.
    public init(servers: [DNSServer], trustAnchorFile: String, named: Bool = false,
                timeout: Double = 2, pacer: SendPacer? = nil) throws(DNSSECValidatorError) {
        anchors = try TrustAnchorFile.check(trustAnchorFile)
        trustAnchorNamed = named
        relay = try ValidatorRelay(servers: servers, timeout: timeout, pacer: pacer)
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0, fcntl(fds[0], F_SETFD, FD_CLOEXEC) == 0, fcntl(fds[1], F_SETFD, FD_CLOEXEC) == 0 else {
            relay.close()
            throw DNSSECValidatorError("cannot make the validator's wake-up pipe: \(String(cString: strerror(errno)))")
        }
        wake = (fds[0], fds[1])
        guard let context = ub_ctx_create() else {
            relay.close()
            Glibc.close(fds[0]); Glibc.close(fds[1])
            throw DNSSECValidatorError("libunbound could not make a context")
        }
        self.context = context
        self.trustAnchor = trustAnchorFile
        func set(_ option: String, _ value: String) throws(DNSSECValidatorError) {
            let status = ub_ctx_set_option(context, option, value)
            guard status == 0 else { throw DNSSECValidatorError("libunbound refused \(option) \(value): \(Self.text(status))") }
        }
        // libunbound reads its settings with a parser of global state (flex and bison): two
        // validators set up at once in one process garbled each other's settings. One at a time.
        Self.setup.lock()
        defer { Self.setup.unlock() }
        do throws(DNSSECValidatorError) {
            // Its one forwarder is the relay, which passes its queries on to `servers`.
            let status = ub_ctx_set_fwd(context, "127.0.0.1@\(relay.port)")
            guard status == 0 else { throw DNSSECValidatorError("libunbound refused its relay 127.0.0.1@\(relay.port): \(Self.text(status))") }
            // The relay is on loopback (as a local cache or the lab may be); /etc/hosts is not read.
            try set("do-not-query-localhost:", "no")
            // Why a verdict is bogus, with the zone and key where the chain broke.
            try set("val-log-level:", "2")
            // Memory stays bounded over any number of domains (unbound's defaults are 4 MB each).
            try set("msg-cache-size:", "4m")
            try set("rrset-cache-size:", "8m")
            try set("key-cache-size:", "4m")
            try set("neg-cache-size:", "1m")
            try Self.dropDefaultLocalZones(context)
            let anchorStatus = ub_ctx_add_ta_file(context, trustAnchorFile)
            guard anchorStatus == 0 else { throw DNSSECValidatorError("\(trustAnchorFile): libunbound cannot use it: \(Self.text(anchorStatus))") }
            // Answers come through a thread of libunbound's; `ub_process` hands them over here.
            let asyncStatus = ub_ctx_async(context, 1)
            guard asyncStatus == 0 else { throw DNSSECValidatorError("libunbound cannot answer asynchronously: \(Self.text(asyncStatus))") }
        } catch {
            ub_ctx_delete(context)
            relay.close()
            Glibc.close(fds[0]); Glibc.close(fds[1])
            // Every property is set, so deinit runs: it must not free them again.
            closed = true
            throw error
        }
    }

    /// Serialises setting validators up (`init`): libunbound's settings parser is not reentrant.
    private static let setup = NSLock()

    deinit {
        // A validator that never polled (no poll thread holds it) is freed here; one that did
        // is held by its thread until `close()`.
        close()
    }

    /// Ends the validator: every wait ends with no verdict, later questions get none at once,
    /// the poll thread is woken and waited for, and libunbound's context (and its thread) is
    /// freed. Idempotent. The run calls it when it ends, like the stub resolver's workers.
    public func close() {
        lock.lock()
        if closed {
            lock.unlock()
            return
        }
        closed = true
        // Later questions get no verdict at once (set with `closed`, under the same lock).
        broken = "the run ended before the validation did"
        let thread = pollThread
        lock.unlock()
        failAll("the run ended before the validation did")
        if thread != nil {
            var byte: UInt8 = 1
            _ = write(wake.write, &byte, 1)
            pollEnded.wait()
            // The ended thread keeps its block, which holds this validator: let go of it.
            lock.withLock { pollThread = nil }
        }
        ub_ctx_delete(context)
        // After libunbound's thread: nothing asks the relay any more.
        relay.close()
        Glibc.close(wake.read)
        Glibc.close(wake.write)
    }

    /// libunbound's queries, passed on by the relay.
    private let relay: ValidatorRelay

    /// The kernel's id of the relay's thread once it started, and the loopback port it
    /// listens on (tests check that both are gone after `close()`).
    public var relayThreadID: Int32? { relay.threadID }
    public var relayPort: UInt16 { relay.port }

    /// What validation cost so far (`--stats`).
    public var statistics: DNSSECValidatorStatistics {
        let counts = relay.counts
        return DNSSECValidatorStatistics(validations: validationsAsked, queries: counts.sent, unanswered: counts.unanswered)
    }

    /// Validations asked of this validator so far.
    public var validationsAsked: Int { lock.withLock { asked } }

    /// Whether it was closed.
    public var isClosed: Bool { lock.withLock { closed } }

    /// The kernel's id of its poll thread once it started (tests look for it in /proc/self/task).
    public var pollThreadID: Int32? { lock.withLock { storedPollThreadID } }
    private var storedPollThreadID: Int32?

    /// Unbound answers some names itself (RFC 6761's test., invalid., localhost. and
    /// onion., the private address ranges' reverse zones): a mail audit asks the user's
    /// resolvers about every name. The only way to say so through libunbound is a
    /// configuration file (`local-zone` is not settable by `ub_ctx_set_option`).
    private static func dropDefaultLocalZones(_ context: OpaquePointer) throws(DNSSECValidatorError) {
        let zones = ["test.", "invalid.", "localhost.", "onion.", "home.arpa.", "local."]
        let settings = "server:\n    unblock-lan-zones: yes\n    insecure-lan-zones: yes\n"
            + zones.map { "    local-zone: \"\($0)\" nodefault\n" }.joined()
        let path = NSTemporaryDirectory() + "mailaudit-unbound-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).conf"
        guard FileManager.default.createFile(atPath: path, contents: Data(settings.utf8)) else {
            throw DNSSECValidatorError("cannot write libunbound's settings to \(path)")
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let status = ub_ctx_config(context, path)
        guard status == 0 else { throw DNSSECValidatorError("libunbound refused its settings: \(text(status))") }
    }

    private static func text(_ status: Int32) -> String {
        ub_strerror(status).map { String(cString: $0) } ?? "error \(status)"
    }

    /// The verdict for (`name`, `type`). Never throws: a failure is an `indeterminate` verdict.
    /// A cancelled task (the domain's deadline) stops waiting and gets `indeterminate`.
    public func validate(_ name: String, _ type: DNSType) async -> DNSSECValidation {
        let absolute = DNSName.absolute(name)
        var question = DNSSECValidation(name: absolute, type: type, state: .indeterminate, reason: "", trustAnchor: trustAnchor)
        question.trustAnchorNamed = trustAnchorNamed
        let request = Request(validator: self, question: question)
        let cancelled = {
            var verdict = DNSSECValidation(name: absolute, type: type, state: .indeterminate,
                                           reason: "stopped waiting: the domain's deadline passed before the validation ended",
                                           trustAnchor: trustAnchor)
            verdict.trustAnchorNamed = trustAnchorNamed
            return verdict
        }()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<DNSSECValidation, Never>) in
                // The lock is held across the call so that the answer's callback (on the poll
                // thread) finds the continuation registered.
                lock.lock()
                asked += 1
                if Task.isCancelled || broken != nil {
                    let reason = broken
                    lock.unlock()
                    var failed = cancelled
                    if let reason { failed.reason = reason }
                    continuation.resume(returning: failed)
                    return
                }
                let box = Unmanaged.passRetained(request)
                var asyncID: Int32 = 0
                let status = ub_resolve_async(context, absolute, Int32(type.rawValue), 1, box.toOpaque(), { data, error, result in
                    DNSSECValidator.answered(data, error, result)
                }, &asyncID)
                guard status == 0 else {
                    lock.unlock()
                    box.release()
                    var failed = question
                    failed.reason = "libunbound could not ask: \(Self.text(status))"
                    continuation.resume(returning: failed)
                    return
                }
                waiting[asyncID] = (continuation, question)
                request.id = asyncID
                startPolling()
                lock.unlock()
            }
        } onCancel: {
            let continuation = lock.withLock { () -> CheckedContinuation<DNSSECValidation, Never>? in
                guard request.id != 0, let continuation = waiting.removeValue(forKey: request.id)?.continuation else { return nil }
                // A cancelled query gets no callback: the reference the callback would have
                // taken back is released here. When the answer is already on its way
                // (ub_cancel fails), the callback comes, finds no continuation, and releases it.
                if ub_cancel(context, request.id) == 0 {
                    Unmanaged.passUnretained(request).release()
                }
                return continuation
            }
            continuation?.resume(returning: cancelled)
        }
    }

    private var broken: String?

    /// Ends every wait with no verdict, and every later question at once.
    private func failAll(_ reason: String) {
        let waiters = lock.withLock { () -> [(continuation: CheckedContinuation<DNSSECValidation, Never>, question: DNSSECValidation)] in
            broken = reason
            defer { waiting.removeAll() }
            return Array(waiting.values)
        }
        for waiter in waiters {
            var failed = waiter.question
            failed.reason = reason
            waiter.continuation.resume(returning: failed)
        }
    }

    /// What a callback needs: whose answer it is. `id` is set and read under the validator's lock.
    private final class Request: @unchecked Sendable {
        let validator: DNSSECValidator
        let question: DNSSECValidation
        var id: Int32 = 0
        init(validator: DNSSECValidator, question: DNSSECValidation) {
            self.validator = validator
            self.question = question
        }
    }

    private static func answered(_ data: UnsafeMutableRawPointer?, _ error: Int32, _ result: UnsafeMutablePointer<ub_result>?) {
        defer { if let result { ub_resolve_free(result) } }
        guard let data else { return }
        let request = Unmanaged<Request>.fromOpaque(data).takeRetainedValue()
        var verdict = request.question
        if error != 0 {
            verdict.reason = "libunbound could not validate: \(text(error))"
        } else if let result {
            verdict = DNSSECValidation.from(result.pointee, question: request.question, anchors: request.validator.anchors)
        }
        let continuation = request.validator.lock.withLock { request.validator.waiting.removeValue(forKey: request.id)?.continuation }
        continuation?.resume(returning: verdict)
    }

    /// One thread per validator hands libunbound's answers over (`ub_process`) as they come.
    private func startPolling() {
        guard pollThread == nil else { return }
        relay.start()
        let context = Context(pointer: self.context)
        let wakeRead = wake.read
        let thread = Thread { [self] in
            defer { pollEnded.signal() }
            lock.withLock { storedPollThreadID = Int32(mailaudit_thread_id()) }
            let fd = ub_fd(context.pointer)
            while true {
                var entries = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
                let ready = poll(&entries, 2, -1)
                if ready < 0 && errno == EINTR { continue }
                // Woken by close(): the context is freed once this thread has gone.
                if ready > 0 && entries[1].revents != 0 { return }
                let broken = ready < 0 || entries[0].revents & Int16(POLLERR | POLLHUP | POLLNVAL) != 0
                if broken || (ready > 0 && ub_process(context.pointer) != 0) {
                    // libunbound's pipe broke: no answer will come. Every waiter gets no verdict
                    // (the resolver's word stands), as does every later question.
                    failAll("libunbound stopped answering (its pipe failed)")
                    return
                }
            }
        }
        thread.name = "mailaudit-dnssec"
        pollThread = thread
        thread.start()
    }
}

/// libunbound's context, handed to the poll thread (libunbound locks inside).
private struct Context: @unchecked Sendable {
    let pointer: OpaquePointer
}

extension DNSSECValidating {
    public var validationsAsked: Int { 0 }
    public func close() {}
}
