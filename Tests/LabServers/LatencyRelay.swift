import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A resolver far away, made on loopback: relays UDP DNS queries to `upstream` and holds
/// each query back `delay` seconds on its way there (the round trip mailaudit sees grows by
/// that much), dropping a seeded share `loss` of them. For the bulk benchmark (a resolver
/// 50 ms away, 10% loss) and the tests of `--qps` and the round-trip timer: one thread, one
/// socket each way, thousands of queries a second, every query counted with the time it came.
///
/// (This machine's kernel has no netem queueing discipline, so the delay cannot come from
/// `tc`; the relay is the nearest real thing: a separate socket path with real timing.)
public final class LatencyRelay: @unchecked Sendable {
    public let address: String
    public let port: UInt16
    public var resolver: String { "\(address):\(port)" }

    private let listener: Int32
    private let upstreamSocket: Int32
    private let delay: Double
    private let loss: Double
    private let lock = NSLock()
    private var running = true
    private var random: UInt64
    // Guarded by `lock`.
    private var arrivals: [Double] = []
    private var dropped = 0
    private let finished = DispatchSemaphore(value: 0)

    /// A query on its way: where its answer goes back to, under which ID.
    private struct Pending {
        var client: sockaddr_in
        var id: UInt16
    }

    /// `upstream`: IP address (port 53). `delay`: seconds added to each query. `loss`: the
    /// share of queries dropped, 0 to 1, drawn from `seed`.
    public init(upstream: String, delay: Double, loss: Double = 0, seed: UInt64 = 1, address: String = "127.0.0.1") throws {
        self.address = address
        self.delay = delay
        self.loss = loss
        self.random = seed
        let listener = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        let upstreamSocket = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        var size: Int32 = 4 << 20
        for fd in [listener, upstreamSocket] {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var local = Self.socketAddress(address, 0)
        var target = Self.socketAddress(upstream, 53)
        let bound = withUnsafePointer(to: &local) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        let connected = withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstreamSocket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, connected == 0 else {
            let reason = String(cString: strerror(errno))
            close(listener)
            close(upstreamSocket)
            throw LabServerError(description: "latency relay to \(upstream): \(reason)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        self.listener = listener
        self.upstreamSocket = upstreamSocket
        port = UInt16(bigEndian: actual.sin_port)
        let thread = Thread { [self] in serve() }
        thread.name = "latency-relay"
        thread.start()
    }

    deinit { stop() }

    /// Queries received so far (dropped ones included).
    public var queries: Int { lock.withLock { arrivals.count } }
    /// Queries dropped so far.
    public var droppedQueries: Int { lock.withLock { dropped } }
    /// The monotonic time (`MonotonicClock`-like, seconds) each query arrived, in order.
    public var arrivalTimes: [Double] { lock.withLock { arrivals } }

    public func stop() {
        let wasRunning = lock.withLock { () -> Bool in
            defer { running = false }
            return running
        }
        guard wasRunning else { return }
        finished.wait()
        close(listener)
        close(upstreamSocket)
    }

    private func serve() {
        defer { finished.signal() }
        var held: [(due: Double, query: [UInt8])] = []  // in arrival order, so in due order
        var heldHead = 0
        var pending: [UInt16: Pending] = [:]
        var nextID: UInt16 = 0
        var buffer = [UInt8](repeating: 0, count: 65_535)
        while lock.withLock({ running }) {
            let now = Self.now()
            let wait = heldHead < held.count ? max(0, held[heldHead].due - now) : 0.05
            var fds = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0), pollfd(fd: upstreamSocket, events: Int16(POLLIN), revents: 0)]
            _ = poll(&fds, 2, Int32(min(50, (wait * 1000).rounded(.up))))
            // Queries from clients: held back `delay`, or dropped.
            while true {
                var client = sockaddr_in()
                var length = socklen_t(MemoryLayout<sockaddr_in>.size)
                let count = buffer.withUnsafeMutableBytes { raw in
                    withUnsafeMutablePointer(to: &client) {
                        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(listener, raw.baseAddress, raw.count, 0, $0, &length) }
                    }
                }
                guard count >= 12 else { if count < 0 { break } else { continue } }
                let arrived = Self.now()
                let drop = lock.withLock { () -> Bool in
                    arrivals.append(arrived)
                    let draw = SeededDraws.next(&random)
                    if draw < loss { dropped += 1 }
                    return draw < loss
                }
                if drop { continue }
                // The client's address and ID ride along, under an ID of the relay's own.
                var query = Array(buffer[0..<count])
                nextID &+= 1
                pending[nextID] = Pending(client: client, id: UInt16(query[0]) << 8 | UInt16(query[1]))
                query[0] = UInt8(nextID >> 8)
                query[1] = UInt8(nextID & 0xff)
                held.append((arrived + delay, query))
            }
            // Held queries whose time has come go upstream.
            let due = Self.now()
            while heldHead < held.count, held[heldHead].due <= due {
                _ = held[heldHead].query.withUnsafeBytes { send(upstreamSocket, $0.baseAddress, $0.count, 0) }
                heldHead += 1
            }
            if heldHead > 4096 && heldHead * 2 > held.count {
                held.removeFirst(heldHead)
                heldHead = 0
            }
            // Answers go back to their client under its own ID.
            while true {
                let count = buffer.withUnsafeMutableBytes { recv(upstreamSocket, $0.baseAddress, $0.count, 0) }
                guard count >= 12 else { if count < 0 { break } else { continue } }
                let id = UInt16(buffer[0]) << 8 | UInt16(buffer[1])
                guard var entry = pending.removeValue(forKey: id) else { continue }
                buffer[0] = UInt8(entry.id >> 8)
                buffer[1] = UInt8(entry.id & 0xff)
                _ = buffer.withUnsafeBytes { raw in
                    withUnsafePointer(to: &entry.client) {
                        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                            sendto(listener, raw.baseAddress, count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                        }
                    }
                }
            }
        }
    }

    private static func socketAddress(_ address: String, _ port: UInt16) -> sockaddr_in {
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET)
        sin.sin_port = port.bigEndian
        inet_pton(AF_INET, address, &sin.sin_addr)
        return sin
    }

    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
