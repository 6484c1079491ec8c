#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens non-blocking TCP connections whose connect waits in poll() with a timeout, for the
/// DNS client's TCP exchanges and the SMTP probe alike.
public enum TCPConnector {
    public enum Failure: Error, Equatable {
        /// Nothing listens (TCP RST to the SYN).
        case refused(String)
        /// No connection within the time allowed.
        case timeout
        /// This machine has no route to an IPv6 address (ENETUNREACH, EADDRNOTAVAIL, or no
        /// IPv6 in the kernel): nothing was sent, and nothing is known about the server.
        case noRoute(String)
        /// Anything else (no route, no socket), with the C library's words.
        case failed(String)
    }

    /// A connected, non-blocking, close-on-exec socket; the caller owns (and closes) it.
    public static func connect(to address: SocketAddress, timeout: Double) -> Result<Int32, Failure> {
        let fd = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else {
            // A kernel without IPv6: no route to any IPv6 address from here.
            if errno == EAFNOSUPPORT && address.family == AF_INET6 { return .failure(.noRoute("socket: \(errnoText(errno))")) }
            return .failure(.failed("socket: \(errnoText(errno))"))
        }
        let started = address.withSockaddr { Glibc.connect(fd, $0, $1) }
        if started != 0 {
            let error = errno
            guard error == EINPROGRESS else {
                close(fd)
                // Only for IPv6: EADDRNOTAVAIL on IPv4 means the local ports ran out, which is
                // this machine's trouble but not "no route".
                if address.family == AF_INET6 && (error == ENETUNREACH || error == EADDRNOTAVAIL) { return .failure(.noRoute(errnoText(error))) }
                return .failure(error == ECONNREFUSED ? .refused(errnoText(error)) : .failed(errnoText(error)))
            }
            var entry = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let milliseconds = Int32(min(max(timeout, 0) * 1000, Double(Int32.max)).rounded(.up))
            var ready: Int32
            repeat { ready = poll(&entry, 1, milliseconds) } while ready < 0 && errno == EINTR
            if ready <= 0 {
                close(fd)
                return .failure(ready == 0 ? .timeout : .failed("poll: \(errnoText(errno))"))
            }
            var soError: Int32 = 0
            var size = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &size)
            if soError != 0 {
                close(fd)
                return .failure(soError == ECONNREFUSED ? .refused(errnoText(soError)) : .failed(errnoText(soError)))
            }
        }
        return .success(fd)
    }

    /// The C library's words for an errno value.
    public static func errnoText(_ code: Int32) -> String { String(cString: strerror(code)) }
}
