import CUnbound
import Foundation
import NetworkSupport
#if canImport(Glibc)
import Glibc
#endif

/// What stands between libunbound and the user's resolvers: libunbound's only forwarder, on a
/// loopback port of its own, passing each of its queries on to the resolvers unchanged (CD, DO
/// and EDNS as libunbound set them) under the run's rules:
/// - paced by the run's `--qps` schedule (`SendPacer`), shared with the stub resolver, so
///   that the run's queries *together* keep to the rate and validation can stay on;
/// - counted (`--stats`: `dnssec_queries`, `dnssec_unanswered`);
/// - given up after the run's `--timeout` (libunbound asks again on its own schedule); a
///   resolver that did not answer in time is passed over for the next one, as the stub
///   resolver does.
///
/// Why by hand: libunbound sends its queries itself and has no hook to pace or count them;
/// a relay is the narrowest place to do both without patching it. UDP is relayed by one
/// thread (answers matched by a random ID of the relay's and the question section, RFC 5452
/// §9.1, then given back with libunbound's ID); TCP (after a truncated answer) by a thread
/// per connection, as the stub resolver's TCP exchanges, unpaced like them.
final class ValidatorRelay: @unchecked Sendable {
    /// The loopback port libunbound is pointed at (UDP and TCP).
    let port: UInt16
    private let servers: [DNSServer]
    private let timeout: Double
    private let pacer: SendPacer?
    private let udp: Int32
    private let tcp: Int32
    /// One connected UDP socket per resolver: the kernel hands each only its resolver's answers.
    private let upstream: [Int32]
    private let wake: (read: Int32, write: Int32)
    private let lock = NSLock()
    private var sent = 0
    private var unanswered = 0
    private var closed = false
    private var connections: Set<Int32> = []
    private let connectionThreads = DispatchGroup()
    private let loopEnded = DispatchSemaphore(value: 0)
    private var loopStarted = false

    /// The kernel's id of the UDP thread once it started (tests look for it in /proc/self/task).
    var threadID: Int32? { lock.withLock { storedThreadID } }
    private var storedThreadID: Int32?

    /// Queries passed on to the resolvers so far, and those left unanswered: no resolver
    /// answered in time, or they were dropped waiting for their `--qps` slot or a place.
    var counts: (sent: Int, unanswered: Int) { lock.withLock { (sent, unanswered) } }

    init(servers: [DNSServer], timeout: Double, pacer: SendPacer?) throws(DNSSECValidatorError) {
        guard !servers.isEmpty else { throw DNSSECValidatorError("no resolver to pass the validator's queries to") }
        self.servers = servers
        self.timeout = timeout
        self.pacer = pacer
        var opened: [Int32] = []
        func fail(_ what: String) -> DNSSECValidatorError {
            let text = TCPConnector.errnoText(errno)
            for fd in opened { Glibc.close(fd) }
            return DNSSECValidatorError("the validator's relay: \(what): \(text)")
        }
        let flags = Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        // A UDP port the kernel picks, and TCP on the same number (libunbound asks there after
        // a truncated answer); should that number be taken for TCP, another pair is tried.
        var pair: (udp: Int32, tcp: Int32, port: UInt16)?
        for _ in 0..<8 where pair == nil {
            let udp = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | flags, 0)
            guard udp >= 0 else { throw fail("socket") }
            let loopback = SocketAddress(IPAddress("127.0.0.1")!, port: 0)
            var bound = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            guard loopback.withSockaddr({ bind(udp, $0, $1) }) == 0,
                  withUnsafeMutablePointer(to: &bound, { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(udp, $0, &length) } }) == 0
            else { opened.append(udp); throw fail("bind to 127.0.0.1") }
            let port = UInt16(bigEndian: bound.sin_port)
            let tcp = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | flags, 0)
            guard tcp >= 0 else { opened.append(udp); throw fail("socket") }
            var one: Int32 = 1
            setsockopt(tcp, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            if SocketAddress(IPAddress("127.0.0.1")!, port: port).withSockaddr({ bind(tcp, $0, $1) }) == 0, listen(tcp, 64) == 0 {
                pair = (udp, tcp, port)
            } else {
                Glibc.close(udp)
                Glibc.close(tcp)
            }
        }
        guard let pair else { throw fail("no loopback port free for both UDP and TCP") }
        opened += [pair.udp, pair.tcp]
        port = pair.port
        let udp = pair.udp, tcp = pair.tcp
        for server in servers {
            let fd = socket(server.socketAddress.family, Int32(SOCK_DGRAM.rawValue) | flags, 0)
            guard fd >= 0 else { throw fail("socket") }
            opened.append(fd)
            guard server.socketAddress.withSockaddr({ Glibc.connect(fd, $0, $1) }) == 0 else { throw fail("connect to \(server)") }
        }
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw fail("pipe") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        self.udp = udp
        self.tcp = tcp
        upstream = Array(opened.dropFirst(2))
        wake = (fds[0], fds[1])
    }

    /// Starts relaying (the thread of the UDP side). Called once, before libunbound asks.
    func start() {
        lock.withLock { loopStarted = true }
        let thread = Thread { [self] in
            defer { loopEnded.signal() }
            lock.withLock { storedThreadID = Int32(mailaudit_thread_id()) }
            relayUDP()
        }
        thread.name = "mailaudit-dnssec-relay"
        thread.start()
    }

    /// Stops relaying: the UDP thread woken and waited for, every TCP connection shut and its
    /// thread waited for, every socket closed. Idempotent.
    func close() {
        let (first, started) = lock.withLock { () -> (Bool, Bool) in
            if closed { return (false, false) }
            closed = true
            return (true, loopStarted)
        }
        guard first else { return }
        if started {
            var byte: UInt8 = 1
            _ = write(wake.write, &byte, 1)
            loopEnded.wait()
        }
        // Under the lock: a thread removes its sockets (under it) before closing them, so no
        // number shut here can have been reused. Shut, a thread's reads and writes end at once.
        lock.withLock { for fd in connections { shutdown(fd, Int32(SHUT_RDWR)) } }
        connectionThreads.wait()
        for fd in [udp, tcp, wake.read, wake.write] + upstream { Glibc.close(fd) }
    }

    /// A query waiting for its slot under `--qps`.
    private struct Queued {
        var came: Double
        var client: sockaddr_storage
        var clientLength: socklen_t
        var message: [UInt8]
    }

    /// A query passed on, waiting for its answer.
    private struct Pending {
        var client: sockaddr_storage
        var clientLength: socklen_t
        var id: UInt16
        var question: ArraySlice<UInt8>
        var expires: Double
        var server: Int
    }

    /// At most this many queries wait for their slot, and this many for their answer; more
    /// are dropped (libunbound asks again).
    static let queueLimit = 4096
    static let pendingLimit = 16_384

    private func relayUDP() {
        var pending: [UInt16: Pending] = [:]
        var queue: [Queued] = []
        var head = 0
        var current = 0
        var slotAt = Double.infinity
        var acceptPausedUntil = 0.0
        var buffer = [UInt8](repeating: 0, count: 65_535)

        func send(_ item: Queued, now: Double) {
            guard item.message.count >= 12, let end = Self.questionEnd(item.message) else { return }
            guard pending.count < Self.pendingLimit else {
                lock.withLock { unanswered += 1 }
                return
            }
            var id: UInt16
            repeat { id = UInt16.random(in: 0...UInt16.max) } while pending[id] != nil
            var message = item.message
            message[0] = UInt8(id >> 8)
            message[1] = UInt8(id & 0xFF)
            let fd = upstream[current]
            let written = message.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) }
            let error = errno
            lock.withLock { sent += 1 }
            guard written == message.count else {
                lock.withLock { unanswered += 1 }
                // Refused (ICMP unreachable from an earlier send): the next resolver. A full
                // send buffer is no verdict on the resolver: libunbound asks again.
                if error != EAGAIN && error != EWOULDBLOCK { current = (current + 1) % servers.count }
                return
            }
            pending[id] = Pending(client: item.client, clientLength: item.clientLength, id: UInt16(item.message[0]) << 8 | UInt16(item.message[1]),
                                  question: item.message[12..<end], expires: now + timeout, server: current)
        }

        while true {
            var now = MonotonicClock.seconds()
            for (id, entry) in pending where entry.expires <= now {
                pending[id] = nil
                lock.withLock { unanswered += 1 }
                if entry.server == current { current = (current + 1) % servers.count }
            }
            slotAt = .infinity
            while head < queue.count {
                // A query that waited longer than a try was asked again by libunbound by now:
                // it takes no slot of the rate.
                if queue[head].came + timeout <= now {
                    lock.withLock { unanswered += 1 }
                    head += 1
                    continue
                }
                if let pacer, let next = pacer.take(now: now) {
                    slotAt = next
                    break
                }
                send(queue[head], now: now)
                head += 1
            }
            if head == queue.count {
                queue.removeAll(keepingCapacity: true)
                head = 0
            } else if head > 256 && head * 2 > queue.count {
                queue.removeFirst(head)
                head = 0
            }
            let until = min(slotAt, pending.values.map(\.expires).min() ?? .infinity, acceptPausedUntil > now ? acceptPausedUntil : .infinity)
            let wait = until.isFinite ? Int32(min(max((until - now) * 1000, 0), 60_000).rounded(.up)) : -1
            var entries = [pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: udp, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: tcp, events: now >= acceptPausedUntil ? Int16(POLLIN) : 0, revents: 0)]
                + upstream.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let ready = poll(&entries, nfds_t(entries.count), wait)
            if ready < 0 && errno != EINTR { return }
            if ready <= 0 { continue }
            if entries[0].revents != 0 { return }
            now = MonotonicClock.seconds()
            if entries[1].revents != 0 {
                while true {
                    var client = sockaddr_storage()
                    var clientLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
                    let count = withUnsafeMutablePointer(to: &client) { pointer in
                        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(udp, &buffer, buffer.count, 0, $0, &clientLength) }
                    }
                    guard count > 0 else { break }
                    guard queue.count - head < Self.queueLimit else {
                        lock.withLock { unanswered += 1 }
                        continue
                    }
                    queue.append(Queued(came: now, client: client, clientLength: clientLength, message: Array(buffer[0..<count])))
                }
            }
            if entries[2].revents != 0, now >= acceptPausedUntil, !acceptTCP() {
                // Out of file descriptors: the connection waits in the backlog; listening is
                // paused a second rather than woken at once again and again.
                acceptPausedUntil = now + 1
            }
            for (index, entry) in entries.dropFirst(3).enumerated() where entry.revents != 0 {
                while true {
                    let count = recv(upstream[index], &buffer, buffer.count, 0)
                    guard count >= 0 else { break }
                    guard count >= 12 else { continue }
                    let id = UInt16(buffer[0]) << 8 | UInt16(buffer[1])
                    // An answer to a question asked: the ID, the resolver and the question match.
                    guard let entry = pending[id], entry.server == index, buffer[2] & 0x80 != 0,
                          let end = Self.questionEnd(buffer[0..<count]), Self.sameQuestion(buffer[12..<end], entry.question)
                    else { continue }
                    pending[id] = nil
                    buffer[0] = UInt8(entry.id >> 8)
                    buffer[1] = UInt8(entry.id & 0xFF)
                    var client = entry.client
                    _ = withUnsafeMutablePointer(to: &client) { pointer in
                        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(udp, buffer, count, 0, $0, entry.clientLength) }
                    }
                }
            }
        }
    }

    /// The same question, its name compared without regard to ASCII case (a resolver may
    /// answer in another case than asked, RFC 4343).
    static func sameQuestion(_ a: ArraySlice<UInt8>, _ b: ArraySlice<UInt8>) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in
            let lower = x | 0x20
            return x == y || ((0x61...0x7A).contains(lower) && lower == y | 0x20)
        }
    }

    /// Where a message's question section ends (one question, as every query has), or nil.
    static func questionEnd(_ message: some Collection<UInt8>) -> Int? {
        let bytes = Array(message)
        guard bytes.count >= 12, bytes[4] == 0, bytes[5] == 1 else { return nil }
        var offset = 12
        while offset < bytes.count {
            let length = Int(bytes[offset])
            if length == 0 { break }
            guard length < 64 else { return nil }
            offset += 1 + length
        }
        offset += 1 + 4
        return offset <= bytes.count ? offset : nil
    }

    /// Takes the connections waiting; false when out of file descriptors.
    private func acceptTCP() -> Bool {
        while true {
            // Not inherited by accept: the connection blocks (within its timeouts) and is close-on-exec.
            let fd = accept(tcp, nil, nil)
            guard fd >= 0 else { return errno != EMFILE && errno != ENFILE && errno != ENOBUFS && errno != ENOMEM }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            let admitted = lock.withLock { () -> Bool in
                guard !closed else { return false }
                connections.insert(fd)
                connectionThreads.enter()
                return true
            }
            guard admitted else {
                Glibc.close(fd)
                return true
            }
            let thread = Thread { [self] in
                defer {
                    lock.withLock { _ = connections.remove(fd) }
                    Glibc.close(fd)
                    connectionThreads.leave()
                }
                relayTCP(fd)
            }
            thread.name = "mailaudit-dnssec-relay-tcp"
            thread.start()
        }
    }

    /// One TCP connection of libunbound's: each message passed on over TCP to a resolver
    /// (the next one when one fails), its answer given back. Ends when libunbound closes it,
    /// after an idle minute, or when no resolver answers (libunbound then sees it closed).
    private func relayTCP(_ client: Int32) {
        Self.setTimeouts(client, seconds: 60)
        while let message = Self.readMessage(client) {
            lock.withLock { sent += 1 }
            var answer: [UInt8]?
            for server in servers {
                guard case .success(let fd) = TCPConnector.connect(to: server.socketAddress, timeout: timeout) else { continue }
                // Known to close(), which shuts it to end a wait on the resolver at once.
                let admitted = lock.withLock { () -> Bool in
                    guard !closed else { return false }
                    connections.insert(fd)
                    return true
                }
                defer {
                    lock.withLock { _ = connections.remove(fd) }
                    Glibc.close(fd)
                }
                guard admitted else { return }
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
                Self.setTimeouts(fd, seconds: timeout)
                guard Self.writeMessage(fd, message), let got = Self.readMessage(fd) else { continue }
                answer = got
                break
            }
            guard let answer, Self.writeMessage(client, answer) else {
                lock.withLock { unanswered += 1 }
                return
            }
        }
    }

    private static func setTimeouts(_ fd: Int32, seconds: Double) {
        var time = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - seconds.rounded(.down)) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
    }

    /// One length-prefixed DNS message (RFC 1035 §4.2.2), or nil at the end, a timeout or an error.
    private static func readMessage(_ fd: Int32) -> [UInt8]? {
        guard let prefix = readExactly(fd, 2) else { return nil }
        let length = Int(prefix[0]) << 8 | Int(prefix[1])
        guard length >= 12 else { return nil }
        return readExactly(fd, length)
    }

    private static func readExactly(_ fd: Int32, _ count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = bytes.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + done, count - done, 0) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { return nil }
            done += got
        }
        return bytes
    }

    private static func writeMessage(_ fd: Int32, _ message: [UInt8]) -> Bool {
        let bytes = [UInt8(message.count >> 8), UInt8(message.count & 0xFF)] + message
        var done = 0
        while done < bytes.count {
            let put = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + done, bytes.count - done, Int32(MSG_NOSIGNAL)) }
            if put < 0 && errno == EINTR { continue }
            guard put > 0 else { return false }
            done += put
        }
        return true
    }
}
