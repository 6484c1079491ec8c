import NetworkSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The UDP side of one worker thread, with many questions in flight at once on one
/// non-blocking socket per server: queries go out as they come, answers are matched to
/// their question by socket and ID (and question section, RFC 5452 §9.1) as they arrive,
/// and each query's try ends at its own deadline. One thread thus keeps hundreds of
/// queries in flight and reads the answers in batches, where one blocking wait per query
/// cost a thread wake-up per answer. A query whose answer comes back truncated is handed
/// to `handOffToTCP`, so that no TCP exchange ever blocks the queries in flight here.
/// Not Sendable: it belongs to the thread that made it.
final class MultiplexWorker {
    private struct Key: Hashable {
        let fd: Int32
        let id: UInt16
    }

    private struct Active {
        var progress: QueryProgress
        let completion: @Sendable (DNSAnswer) -> Void
        let server: DNSServer
        let deadline: Double
    }

    let configuration: DNSClientConfiguration
    private var sockets: [DNSServer: Int32] = [:]
    private var active: [Key: Active] = [:]
    private var receiveBuffer = [UInt8](repeating: 0, count: 65_535)
    private let handOffToTCP: (QueryWorkerPool.TCPJob) -> Void

    init(configuration: DNSClientConfiguration, handOffToTCP: @escaping (QueryWorkerPool.TCPJob) -> Void) {
        self.configuration = configuration
        self.handOffToTCP = handOffToTCP
    }

    deinit {
        for fd in sockets.values { close(fd) }
    }

    var activeCount: Int { active.count }

    func begin(_ job: QueryWorkerPool.Job) {
        guard let progress = QueryProgress(job.question, configuration: configuration, now: MonotonicClock.seconds()) else {
            job.completion(QueryRunner.invalidName(job.question))
            return
        }
        launch(progress, job.completion)
    }

    /// Waits at most `maxWait` seconds (less when a try's deadline comes sooner) for
    /// answers, handles every answer that came, and ends the tries whose time is up.
    func step(maxWait: Double) {
        guard !active.isEmpty else { return }
        let now = MonotonicClock.seconds()
        var earliest = Double.infinity
        var fds = Set<Int32>()
        for (key, entry) in active {
            earliest = min(earliest, entry.deadline)
            fds.insert(key.fd)
        }
        var entries = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        let wait = max(0, min(maxWait, earliest - now))
        let ready = poll(&entries, nfds_t(entries.count), Int32((wait * 1000).rounded(.up)))
        if ready > 0 {
            for entry in entries where entry.revents != 0 { drain(entry.fd) }
        }
        expire(MonotonicClock.seconds())
    }

    // MARK: - Tries

    private func launch(_ start: QueryProgress, _ completion: @escaping @Sendable (DNSAnswer) -> Void) {
        var progress = start
        while true {
            // IDs must be unique per socket among the tries in flight. (No capture list here:
            // a captured copy of `active` alive across the insert below would make every
            // insert copy the whole dictionary.)
            guard let server = progress.nextAttempt(configuration, avoiding: { server, id in
                guard let fd = self.sockets[server] else { return false }
                return self.active[Key(fd: fd, id: id)] != nil
            }) else {
                completion(progress.finish(now: MonotonicClock.seconds()))
                return
            }
            let failure: String
            switch socket(for: server) {
            case .failure(let message):
                failure = message
            case .success(let fd):
                let sent = progress.wire.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if sent >= 0 {
                    active[Key(fd: fd, id: progress.currentID)] = Active(
                        progress: progress, completion: completion, server: server,
                        deadline: MonotonicClock.seconds() + configuration.timeout)
                    return
                }
                failure = "send to \(server): \(String(cString: strerror(errno)))"
                dropSocket(for: server)
            }
            if let final = progress.record(.networkError(failure), server: server, transport: .udp, truncated: false,
                                           timeout: configuration.timeout, now: MonotonicClock.seconds()) {
                completion(final)
                return
            }
        }
    }

    private func advance(_ entry: Active, _ result: ExchangeResult) {
        var progress = entry.progress
        if let final = progress.record(result, server: entry.server, transport: .udp, truncated: false,
                                       timeout: configuration.timeout, now: MonotonicClock.seconds()) {
            entry.completion(final)
        } else {
            launch(progress, entry.completion)
        }
    }

    private func drain(_ fd: Int32) {
        while true {
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
            let key = Key(fd: fd, id: id)
            // Another ID is a late answer to a try that already ended: skip it.
            guard let entry = active[key] else { continue }
            let parsed = receiveBuffer.withUnsafeBytes { LDNSWire.parse(UnsafeRawBufferPointer(rebasing: $0[0..<received])) }
            guard let response = parsed else {
                active[key] = nil
                advance(entry, .malformed("\(entry.server) sent \(received) bytes that are not a DNS message"))
                continue
            }
            guard response.isResponse, WireExchange.matches(response, entry.progress.question) else { continue }
            active[key] = nil
            if response.truncated {
                handOffToTCP(QueryWorkerPool.TCPJob(progress: entry.progress, server: entry.server, completion: entry.completion))
            } else {
                advance(entry, .response(response))
            }
        }
    }

    private func failAll(on fd: Int32, _ reason: String) {
        let failed = active.filter { $0.key.fd == fd }
        guard let server = failed.first?.value.server ?? sockets.first(where: { $0.value == fd })?.key else { return }
        dropSocket(for: server)
        for (key, entry) in failed {
            active[key] = nil
            advance(entry, .networkError("\(server): \(reason)"))
        }
    }

    private func expire(_ now: Double) {
        let due = active.filter { $0.value.deadline <= now }
        for (key, entry) in due {
            active[key] = nil
            advance(entry, .timeout)
        }
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
