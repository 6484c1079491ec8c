import NetworkSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The UDP side of one worker thread, with many questions in flight at once on one
/// non-blocking socket per server: queries go out as they come, answers are matched to
/// their question by socket and ID (and question section, RFC 5452 §9.1) as they arrive,
/// and each query's try ends at its own deadline. Within a try, a query whose answer is
/// late by the server's measured round trip is sent again with a new ID (`RoundTripTimer`),
/// and with `--qps` every send waits for its slot (`SendPacer`). One thread thus keeps hundreds of
/// queries in flight and reads the answers in batches, where one blocking wait per query
/// cost a thread wake-up per answer. A query whose answer comes back truncated is handed
/// to `handOffToTCP`, so that no TCP exchange ever blocks the queries in flight here.
/// Not Sendable: it belongs to the thread that made it.
final class MultiplexWorker {
    private struct Key: Hashable {
        let fd: Int32
        let id: UInt16
    }

    /// One try of a query with one server: open until an answer comes or `deadline` (the
    /// per-try timeout) passes, and sent again, each time with a new ID, whenever the
    /// server's round-trip timer runs out first. Every ID it was sent with still counts.
    private final class Try {
        var progress: QueryProgress
        let completion: @Sendable (DNSAnswer) -> Void
        let server: DNSServer
        /// When the try ends with a timeout; set by its first send.
        var deadline = Double.infinity
        /// When to send again (the round-trip timer); infinity while waiting in the `--qps` queue.
        var nextSend = Double.infinity
        /// In the `--qps` queue: its first send, or a retransmission that is due.
        var waitingForSlot = false
        var retransmissions = 0
        /// Each send: its ID, when, and on which socket.
        var sends: [(id: UInt16, at: Double, fd: Int32)] = []
        /// The socket of the latest send.
        var fd: Int32 = -1

        init(progress: QueryProgress, completion: @escaping @Sendable (DNSAnswer) -> Void, server: DNSServer) {
            self.progress = progress
            self.completion = completion
            self.server = server
        }
    }

    let configuration: DNSClientConfiguration
    private var sockets: [DNSServer: Int32] = [:]
    private var timers: [DNSServer: RoundTripTimer] = [:]
    /// Each ID in flight, by socket, to its try.
    private var inFlight: [Key: Try] = [:]
    /// Every open try.
    private var tries: [ObjectIdentifier: Try] = [:]
    private var receiveBuffer = [UInt8](repeating: 0, count: 65_535)
    private let handOffToTCP: (QueryWorkerPool.TCPJob) -> Void
    private let counters: DNSCounters?
    private let pacer: SendPacer?
    /// With `--qps`: tries waiting for the schedule to allow a send, first come first sent;
    /// `pacerWake` is when the schedule next allows one.
    private var waiting: [Try] = []
    private var waitingHead = 0
    private var pacerWake = Double.infinity

    init(configuration: DNSClientConfiguration, counters: DNSCounters? = nil, pacer: SendPacer? = nil,
         handOffToTCP: @escaping (QueryWorkerPool.TCPJob) -> Void) {
        self.configuration = configuration
        self.counters = counters
        self.pacer = pacer
        self.handOffToTCP = handOffToTCP
    }

    deinit {
        for fd in sockets.values { close(fd) }
    }

    var activeCount: Int { tries.count }

    func begin(_ job: QueryWorkerPool.Job) {
        guard let progress = QueryProgress(job.question, configuration: configuration, now: MonotonicClock.seconds()) else {
            job.completion(QueryRunner.invalidName(job.question))
            return
        }
        launch(progress, job.completion)
    }

    /// Waits at most `maxWait` seconds (less when a try's timer or deadline comes sooner)
    /// for answers, handles every answer that came, then sends what is due and ends the
    /// tries whose time is up.
    func step(maxWait: Double) {
        guard !tries.isEmpty else { return }
        let now = MonotonicClock.seconds()
        var earliest = Double.infinity
        var fds = Set<Int32>()
        for attempt in tries.values {
            earliest = min(earliest, attempt.deadline, attempt.nextSend)
            if attempt.fd >= 0 { fds.insert(attempt.fd) }
        }
        if waitingHead < waiting.count { earliest = min(earliest, pacerWake) }
        var entries = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        let wait = max(0, min(maxWait, earliest - now))
        let ready = poll(&entries, nfds_t(entries.count), Int32((wait * 1000).rounded(.up)))
        if ready > 0 {
            for entry in entries where entry.revents != 0 { drain(entry.fd) }
        }
        tick(MonotonicClock.seconds())
    }

    // MARK: - Tries

    /// Starts the next try of a query (the next server, or a further round), or completes
    /// it when every try is spent.
    private func launch(_ start: QueryProgress, _ completion: @escaping @Sendable (DNSAnswer) -> Void) {
        var progress = start
        guard let server = progress.nextAttempt(configuration, avoiding: isBusy) else {
            completion(progress.finish(now: MonotonicClock.seconds()))
            return
        }
        let attempt = Try(progress: progress, completion: completion, server: server)
        tries[ObjectIdentifier(attempt)] = attempt
        sendOrQueue(attempt, now: MonotonicClock.seconds())
    }

    /// Sends now, or with `--qps`, once the schedule allows (behind every try already waiting).
    private func sendOrQueue(_ attempt: Try, now: Double) {
        guard let pacer else { return transmit(attempt, now: now) }
        if waitingHead == waiting.count, pacer.take(now: now) == nil { return transmit(attempt, now: now) }
        attempt.waitingForSlot = true
        attempt.nextSend = .infinity
        waiting.append(attempt)
    }

    /// Sends the waiting tries the schedule allows now.
    private func sendWaiting(_ now: Double) {
        guard let pacer else { return }
        while waitingHead < waiting.count {
            let attempt = waiting[waitingHead]
            guard tries[ObjectIdentifier(attempt)] === attempt, attempt.waitingForSlot else {
                waitingHead += 1  // ended while it waited
                continue
            }
            if let next = pacer.take(now: now) {
                pacerWake = next
                break
            }
            waitingHead += 1
            transmit(attempt, now: now)
        }
        if waitingHead > 256 && waitingHead * 2 > waiting.count {
            waiting.removeFirst(waitingHead)
            waitingHead = 0
        }
    }

    private func isBusy(_ server: DNSServer, _ id: UInt16) -> Bool {
        guard let fd = sockets[server] else { return false }
        return inFlight[Key(fd: fd, id: id)] != nil
    }

    /// Sends a try (first time or again) with an ID free on its socket now; a socket or
    /// send failure ends it (and every other try on a socket that failed).
    private func transmit(_ attempt: Try, now: Double) {
        attempt.waitingForSlot = false
        let failure: String
        switch socket(for: attempt.server) {
        case .failure(let message):
            failure = message
        case .success(let fd):
            attempt.progress.renumber(for: attempt.server, avoiding: isBusy)
            let sent = attempt.progress.wire.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent >= 0 {
                let first = attempt.sends.isEmpty
                attempt.fd = fd
                attempt.sends.append((attempt.progress.currentID, now, fd))
                inFlight[Key(fd: fd, id: attempt.progress.currentID)] = attempt
                if first {
                    attempt.deadline = now + configuration.timeout
                } else {
                    attempt.retransmissions += 1
                }
                let timer = timers[attempt.server] ?? RoundTripTimer()
                attempt.nextSend = now + timer.interval(retransmission: attempt.retransmissions + 1)
                let retransmitted = !first
                counters?.add {
                    $0.udpQueries += 1
                    if retransmitted { $0.retransmissions += 1 }
                }
                return
            }
            failure = "send to \(attempt.server): \(String(cString: strerror(errno)))"
            // The socket is broken (a connected UDP socket reports ICMP errors on send too):
            // the other tries on it fail over as well, and it is closed.
            failAll(on: fd, failure)
        }
        if tries[ObjectIdentifier(attempt)] === attempt { end(attempt, .networkError(failure)) }
    }

    /// Takes a try out of flight and gives its result to the query, which either completes
    /// or goes on with its next try.
    private func end(_ attempt: Try, _ result: ExchangeResult) {
        forget(attempt)
        var progress = attempt.progress
        if let final = progress.record(result, server: attempt.server, transport: .udp, truncated: false,
                                       timeout: configuration.timeout, now: MonotonicClock.seconds()) {
            attempt.completion(final)
        } else {
            launch(progress, attempt.completion)
        }
    }

    private func forget(_ attempt: Try) {
        tries[ObjectIdentifier(attempt)] = nil
        attempt.waitingForSlot = false
        for sent in attempt.sends {
            let key = Key(fd: sent.fd, id: sent.id)
            if inFlight[key] === attempt { inFlight[key] = nil }
        }
    }

    private func drain(_ fd: Int32) {
        // A bounded batch per call, so that a flood of datagrams cannot keep the thread
        // from its timers; what is left is read on the next step.
        for _ in 0..<1024 {
            let received = receiveBuffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if received < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { return }
                // ECONNREFUSED and the like: the connected server is unreachable, so
                // every try in flight to it has failed.
                failAll(on: fd, String(cString: strerror(errno)))
                return
            }
            guard received >= 2 else { continue }
            let id = UInt16(receiveBuffer[0]) << 8 | UInt16(receiveBuffer[1])
            // Another ID is a late answer to a try that already ended: skip it.
            guard let attempt = inFlight[Key(fd: fd, id: id)] else { continue }
            let parsed = receiveBuffer.withUnsafeBytes { LDNSWire.parse(UnsafeRawBufferPointer(rebasing: $0[0..<received])) }
            guard let response = parsed else {
                end(attempt, .malformed("\(attempt.server) sent \(received) bytes that are not a DNS message"))
                continue
            }
            guard response.isResponse, WireExchange.matches(response, attempt.progress.question) else { continue }
            if let sent = attempt.sends.first(where: { $0.id == id }) {
                timers[attempt.server, default: RoundTripTimer()].record(MonotonicClock.seconds() - sent.at)
            }
            if response.truncated {
                forget(attempt)
                handOffToTCP(QueryWorkerPool.TCPJob(progress: attempt.progress, server: attempt.server, completion: attempt.completion))
            } else {
                end(attempt, .response(response))
            }
        }
    }

    private func failAll(on fd: Int32, _ reason: String) {
        let failed = tries.values.filter { $0.fd == fd }
        guard let server = failed.first?.server ?? sockets.first(where: { $0.value == fd })?.key else { return }
        // Only the socket that failed is closed: a try still naming an older socket of the
        // server must not close the one that replaced it.
        if sockets[server] == fd { dropSocket(for: server) }
        for attempt in failed where tries[ObjectIdentifier(attempt)] === attempt {
            end(attempt, .networkError("\(server): \(reason)"))
        }
    }

    /// Ends the tries whose time is up, sends the retransmissions that are due and the
    /// sends whose `--qps` slot has come.
    private func tick(_ now: Double) {
        var expired: [Try] = []
        var due: [Try] = []
        for attempt in tries.values {
            if attempt.deadline <= now {
                expired.append(attempt)
            } else if attempt.nextSend <= now {
                due.append(attempt)
            }
        }
        for attempt in expired {
            counters?.add { $0.timeouts += 1 }
            end(attempt, .timeout)
        }
        for attempt in due where tries[ObjectIdentifier(attempt)] === attempt {
            sendOrQueue(attempt, now: now)
        }
        sendWaiting(now)
    }

    // MARK: - Sockets

    private enum SocketResult { case success(Int32), failure(String) }

    private func socket(for server: DNSServer) -> SocketResult {
        if let fd = sockets[server] { return .success(fd) }
        let address = server.socketAddress
        let fd = Glibc.socket(address.family, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failure("UDP socket for \(server): \(String(cString: strerror(errno)))") }
        // Connected: only the server's datagrams arrive, and ICMP port-unreachable is
        // reported (ECONNREFUSED) instead of ending in a timeout.
        guard address.withSockaddr({ connect(fd, $0, $1) }) == 0 else {
            let message = "UDP connect to \(server): \(String(cString: strerror(errno)))"
            close(fd)
            return .failure(message)
        }
        var size: Int32 = 1 << 20
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        sockets[server] = fd
        return .success(fd)
    }

    private func dropSocket(for server: DNSServer) {
        guard let fd = sockets.removeValue(forKey: server) else { return }
        // Tries still in flight on this socket are ended by the caller; the fd is closed now.
        close(fd)
    }
}
