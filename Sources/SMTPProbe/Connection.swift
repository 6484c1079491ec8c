import Foundation
import MailFacts
import NetworkSupport
#if canImport(Glibc)
import Glibc
#endif

/// One TCP connection, in plain text or (after `startTLS`) through OpenSSL. The socket is
/// non-blocking; every read and write waits in poll() with the caller's deadline, so no
/// step can hang.
final class Connection {
    let fd: Int32
    private(set) var tls: TLSConnection?

    private init(fd: Int32) { self.fd = fd }
    deinit { close(fd) }

    static func open(_ address: String, _ port: UInt16, timeout: Double) -> Result<Connection, SMTPFailureFact> {
        guard let ip = IPAddress(address) else {
            return .failure(SMTPFailureFact(step: .connect, kind: .networkError, detail: "'\(address)' is not an IP address"))
        }
        switch TCPConnector.connect(to: SocketAddress(ip, port: port), timeout: timeout) {
        case .success(let fd):
            return .success(Connection(fd: fd))
        case .failure(.timeout):
            return .failure(SMTPFailureFact(step: .connect, kind: .timeout, detail: "no TCP connection to \(address) port \(port) within \(timeout) s"))
        case .failure(.refused(let reason)):
            return .failure(SMTPFailureFact(step: .connect, kind: .refused, detail: "\(address) port \(port): \(reason)"))
        case .failure(.noRoute(let reason)):
            return .failure(SMTPFailureFact(step: .connect, kind: .noRoute,
                                            detail: "this machine has no route to \(address) (\(reason)): nothing was sent, and nothing is known about the server"))
        case .failure(.failed(let reason)):
            return .failure(SMTPFailureFact(step: .connect, kind: .networkError, detail: "\(address) port \(port): \(reason)"))
        }
    }

    /// Waits until the socket is ready for `events` or the deadline passes.
    func wait(_ events: Int32, until deadline: Double) -> ConnectionError? {
        while true {
            let remaining = deadline - MonotonicClock.seconds()
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
    func startTLS(context: TLSClientContext, serverName: String?, offer: TLSOffer? = nil, until deadline: Double) -> Result<TLSConnection, ConnectionError> {
        let session = TLSConnection(context: context, fd: fd, serverName: serverName, offer: offer)
        guard session.offerApplied else { return .failure(.tls("the local OpenSSL cannot offer \(offer?.description ?? "this")")) }
        if let error = session.handshake(connection: self, until: deadline) { return .failure(error) }
        tls = session
        return .success(session)
    }
}
