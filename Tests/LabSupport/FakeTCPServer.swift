import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A TCP peer on loopback for hostile cases (a server that never answers, sends garbage,
/// or an endless reply). Each connection runs `behaviour` on a thread of its own with the
/// connected socket; the server closes it afterwards.
public final class FakeTCPServer: @unchecked Sendable {
    public let address: String
    public let port: UInt16
    private let lock = NSLock()
    private var running = true
    private let closed = DispatchSemaphore(value: 0)

    /// Listens on `address` and `port` (0: any free port).
    public init(address: String = "127.0.0.1", port: UInt16 = 0, behaviour: @escaping @Sendable (Int32) -> Void) throws {
        self.address = address
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        // SO_REUSEADDR only for a fixed port (to bind it again at once): with port 0 it let the
        // kernel hand two parallel test servers the same port, and a client reached the other.
        if port != 0 {
            var one: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        }
        var sin = sockaddr_in()
        sin.sin_family = sa_family_t(AF_INET)
        sin.sin_port = port.bigEndian
        inet_pton(AF_INET, address, &sin.sin_addr)
        let bound = withUnsafePointer(to: &sin) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw Lab.StartError(description: "cannot listen on \(address) port \(port): \(String(cString: strerror(errno)))")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        self.port = UInt16(bigEndian: actual.sin_port)
        let listener = fd
        // Non-blocking: accept never waits (a connection gone before accept must not hang
        // the loop, and with it stop()).
        _ = fcntl(listener, F_SETFL, fcntl(listener, F_GETFL) | O_NONBLOCK)
        Thread { [self] in
            while isRunning {
                var entry = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
                guard poll(&entry, 1, 100) > 0 else { continue }
                let client = acceptCloseOnExec(listener, nil, nil, Int32(SOCK_CLOEXEC.rawValue))
                guard client >= 0 else { continue }
                _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) & ~O_NONBLOCK)
                Thread {
                    behaviour(client)
                    close(client)
                }.start()
            }
            close(listener)
            closed.signal()
        }.start()
    }

    private var isRunning: Bool { lock.lock(); defer { lock.unlock() }; return running }

    /// Stops accepting and returns once the listening socket is closed (the address can be
    /// bound again at once).
    public func stop() {
        lock.lock()
        let wasRunning = running
        running = false
        lock.unlock()
        if wasRunning { _ = closed.wait(timeout: .now() + 1) }
    }

    /// Writes a line with CRLF; false when the peer has gone.
    @discardableResult
    public static func write(_ fd: Int32, _ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }

    /// Reads whatever arrives first (a TLS ClientHello, say); nil on close or timeout.
    public static func readSome(_ fd: Int32, timeout: Double = 5) -> [UInt8]? {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, Int32(timeout * 1000)) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 16_384)
        let got = recv(fd, &buffer, buffer.count, 0)
        return got > 0 ? Array(buffer[0..<got]) : nil
    }

    /// Reads one line (up to LF) or nil when the peer closes or `timeout` passes.
    public static func readLine(_ fd: Int32, timeout: Double = 5) -> String? {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 100) > 0 else { continue }
            guard recv(fd, &byte, 1, 0) == 1 else { return nil }
            if byte == 0x0a { return String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
            line.append(byte)
        }
        return nil
    }
}

/// accept4(2), which the Glibc module does not export (it needs _GNU_SOURCE): the accepted
/// socket must not leak into programs the tests start.
@_silgen_name("accept4")
private func acceptCloseOnExec(_ fd: Int32, _ address: UnsafeMutablePointer<sockaddr>?, _ length: UnsafeMutablePointer<socklen_t>?, _ flags: Int32) -> Int32
