import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A UDP "DNS server" on loopback for hostile cases: it binds the address (so the kernel
/// sends no port-unreachable) and either never answers or answers with what `reply` makes.
public final class FakeUDPServer: @unchecked Sendable {
    public let address: String
    public let port: UInt16
    private let fd: Int32
    /// Handles one query; it may call `send` any number of times, from any thread.
    public typealias Handler = @Sendable (_ query: [UInt8], _ send: @escaping @Sendable ([UInt8]) -> Void) -> Void
    private let handler: Handler?
    private var running = true
    private let lock = NSLock()

    /// Binds `address:port` (port 0: any free port); `reply` turns each query into a
    /// response (nil: stay silent).
    public convenience init(address: String = "127.0.0.1", port: UInt16 = 0, reply: (@Sendable ([UInt8]) -> [UInt8]?)? = nil) throws {
        var handler: Handler?
        if let reply {
            handler = { query, send in
                if let response = reply(query) { send(response) }
            }
        }
        try self.init(address: address, port: port, handler: handler)
    }

    /// Binds `address:port`; `handler` gets each query with a way to answer it (zero, one
    /// or several times, now or later).
    public init(address: String = "127.0.0.1", port: UInt16 = 0, handler: Handler?) throws {
        self.address = address
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        self.fd = fd
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET)
        sin.sin_port = port.bigEndian
        inet_pton(AF_INET, address, &sin.sin_addr)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &sin) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw LabServerError(description: "cannot bind \(address):\(port): \(reason)")
        }
        var actual = sockaddr_in()
        var actualLength = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &actualLength) }
        }
        self.port = UInt16(bigEndian: actual.sin_port)
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    private var isRunning: Bool { lock.lock(); defer { lock.unlock() }; return running }

    private func serve() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while isRunning {
            var peer = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let got = withUnsafeMutablePointer(to: &peer) { peerPointer in
                peerPointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(fd, &buffer, buffer.count, 0, $0, &length) }
            }
            guard got > 0, let handler else { continue }
            let to = peer
            let toLength = length
            handler(Array(buffer[0..<got])) { [self] response in
                var peer = to
                lock.lock()
                defer { lock.unlock() }
                guard running else { return }
                _ = withUnsafePointer(to: &peer) { peerPointer in
                    peerPointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(fd, response, response.count, 0, $0, toLength) }
                }
            }
        }
        lock.lock()
        close(fd)
        lock.unlock()
    }

    public func stop() {
        lock.lock()
        running = false
        lock.unlock()
    }

    deinit { stop() }
}
