import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Monotonic seconds, for deadlines and timings.
func monotonicSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// Why a read or write on a connection did not go through.
enum ConnectionError: Error {
    case timeout
    case closed
    case reset
    case network(String)
    /// TLS failed below SMTP (a fatal alert, a bad record).
    case tls(String)

    func failure(_ step: SMTPFailure.Step, timeout: Double) -> SMTPFailure {
        switch self {
        case .timeout: SMTPFailure(step: step, kind: .timeout, detail: "no complete reply within \(timeout) s")
        case .closed: SMTPFailure(step: step, kind: .closed, detail: "the server closed the connection")
        case .reset: SMTPFailure(step: step, kind: .reset, detail: "the connection was reset")
        case .network(let detail): SMTPFailure(step: step, kind: .networkError, detail: detail)
        case .tls(let detail): SMTPFailure(step: step, kind: .tlsFailed, detail: detail)
        }
    }
}

/// One TCP connection, in plain text or (after `startTLS`) through OpenSSL. The socket is
/// non-blocking; every read and write waits in poll() with the caller's deadline, so no
/// step can hang.
final class Connection {
    let fd: Int32
    private(set) var tls: TLSConnection?

    private init(fd: Int32) { self.fd = fd }
    deinit { close(fd) }

    static func open(_ address: String, _ port: UInt16, timeout: Double) -> Result<Connection, SMTPFailure> {
        var storage = sockaddr_storage()
        var length: socklen_t
        let family: Int32
        var v4 = in_addr(), v6 = in6_addr()
        if inet_pton(AF_INET, address, &v4) == 1 {
            var sin = sockaddr_in()
            sin.sin_family = sa_family_t(AF_INET)
            sin.sin_port = port.bigEndian
            sin.sin_addr = v4
            withUnsafeBytes(of: sin) { src in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: src) } }
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
            family = AF_INET
        } else if inet_pton(AF_INET6, address, &v6) == 1 {
            var sin6 = sockaddr_in6()
            sin6.sin6_family = sa_family_t(AF_INET6)
            sin6.sin6_port = port.bigEndian
            sin6.sin6_addr = v6
            withUnsafeBytes(of: sin6) { src in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: src) } }
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            family = AF_INET6
        } else {
            return .failure(SMTPFailure(step: .connect, kind: .networkError, detail: "'\(address)' is not an IP address"))
        }
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failure(SMTPFailure(step: .connect, kind: .networkError, detail: String(cString: strerror(errno)))) }
        let started = withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, length) } }
        if started != 0 && errno != EINPROGRESS {
            let kind: SMTPFailure.Kind = errno == ECONNREFUSED ? .refused : .networkError
            let detail = String(cString: strerror(errno))
            close(fd)
            return .failure(SMTPFailure(step: .connect, kind: kind, detail: detail))
        }
        var entry = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        let ready = poll(&entry, 1, Int32(timeout * 1000))
        if ready <= 0 {
            close(fd)
            return .failure(SMTPFailure(step: .connect, kind: .timeout, detail: "no TCP connection to \(address) port \(port) within \(timeout) s"))
        }
        var soError: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &size)
        if soError != 0 {
            close(fd)
            return .failure(SMTPFailure(step: .connect, kind: soError == ECONNREFUSED ? .refused : .networkError,
                                        detail: "\(address) port \(port): \(String(cString: strerror(soError)))"))
        }
        return .success(Connection(fd: fd))
    }

    /// Waits until the socket is ready for `events` or the deadline passes.
    func wait(_ events: Int32, until deadline: Double) -> ConnectionError? {
        while true {
            let remaining = deadline - monotonicSeconds()
            guard remaining > 0 else { return .timeout }
            var entry = pollfd(fd: fd, events: Int16(events), revents: 0)
            let ready = poll(&entry, 1, Int32((remaining * 1000).rounded(.up)))
            if ready > 0 { return nil }
            if ready < 0 && errno != EINTR { return .network(String(cString: strerror(errno))) }
        }
    }

    func send(_ bytes: [UInt8], until deadline: Double) -> ConnectionError? {
        if let tls { return tls.write(bytes, connection: self, until: deadline) }
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if sent > 0 { offset += sent; continue }
            if errno == EAGAIN || errno == EINTR {
                if let error = wait(POLLOUT, until: deadline) { return error }
                continue
            }
            return errno == ECONNRESET || errno == EPIPE ? .reset : .network(String(cString: strerror(errno)))
        }
        return nil
    }

    /// Reads what is there (at least one byte), or fails.
    func receive(into buffer: inout [UInt8], until deadline: Double) -> Result<Int, ConnectionError> {
        if let tls { return tls.read(into: &buffer, connection: self, until: deadline) }
        while true {
            if let error = wait(POLLIN, until: deadline) { return .failure(error) }
            let got = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if got > 0 { return .success(got) }
            if got == 0 { return .failure(.closed) }
            if errno == EAGAIN || errno == EINTR { continue }
            return .failure(errno == ECONNRESET ? .reset : .network(String(cString: strerror(errno))))
        }
    }

    /// The TLS handshake on this connection; from then on reads and writes go through TLS.
    func startTLS(context: TLSClientContext, serverName: String?, until deadline: Double) -> Result<TLSConnection, ConnectionError> {
        let session = TLSConnection(context: context, fd: fd, serverName: serverName)
        if let error = session.handshake(connection: self, until: deadline) { return .failure(error) }
        tls = session
        return .success(session)
    }
}
