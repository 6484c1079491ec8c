import NetworkSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sends queries over UDP and TCP with non-blocking sockets and poll(2), so every wait has
/// a deadline. One instance belongs to one worker thread (it is not Sendable): it keeps one
/// connected UDP socket per server, reused across queries.
///
/// Why not `ldns_resolver_query`: ldns reports a timeout, a refused connection and an
/// unparsable answer with the same status, opens a socket per query and waits without
/// a deadline we control. ldns still builds and parses every message (LDNSWire).
final class WireExchange {
    private var udpSockets: [DNSServer: Int32] = [:]
    private var receiveBuffer = [UInt8](repeating: 0, count: 65_535)
    /// The run's counters, when the exchanges belong to a resolver that keeps them.
    private let counters: DNSCounters?

    /// Parse every section of a response (the name-server checks), not the answer alone.
    private let allSections: Bool

    init(counters: DNSCounters? = nil, allSections: Bool = false) {
        self.counters = counters
        self.allSections = allSections
    }

    deinit {
        for fd in udpSockets.values { close(fd) }
    }

    /// One UDP exchange: send the query, wait until `timeout` for a response whose ID and
    /// question match (anything else is ignored, RFC 5452 §9.1), parse it.
    func udp(_ query: [UInt8], id: UInt16, question: DNSQuestion, server: DNSServer, timeout: Double) -> ExchangeResult {
        let fd: Int32
        switch udpSocket(for: server) {
        case .success(let socket): fd = socket
        case .failure(let message): return .networkError(message)
        }
        let sent = query.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if sent < 0 {
            let message = errnoText("send to \(server)")
            dropUDPSocket(for: server)
            return .networkError(message)
        }
        counters?.add { $0.udpQueries += 1 }
        let deadline = MonotonicClock.seconds() + timeout
        var first = true
        while true {
            // A blocking receive bounded by SO_RCVTIMEO: one system call per wait, where
            // poll + recv took two and measurably more time on this virtual machine.
            let remaining = first ? timeout : deadline - MonotonicClock.seconds()
            first = false
            guard remaining > 0 else {
                counters?.add { $0.timeouts += 1 }
                return .timeout
            }
            setReceiveTimeout(fd, remaining)
            let received = receiveBuffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if received < 0 {
                if errno == EAGAIN || errno == EWOULDBLOCK {
                    counters?.add { $0.timeouts += 1 }
                    return .timeout
                }
                if errno == EINTR { continue }
                let message = errnoText("receive from \(server)")
                dropUDPSocket(for: server)
                return .networkError(message)
            }
            let outcome: ExchangeResult? = receiveBuffer.withUnsafeBytes { raw in
                let bytes = UnsafeRawBufferPointer(rebasing: raw[0..<received])
                // A datagram with another ID is a late answer to an earlier query: skip it.
                guard bytes.count >= 2, UInt16(bytes[0]) << 8 | UInt16(bytes[1]) == id else { return nil }
                guard let response = LDNSWire.parse(bytes, allSections: allSections) else {
                    return .malformed("\(server) sent \(received) bytes that are not a DNS message")
                }
                guard response.isResponse, Self.matches(response, question) else { return nil }
                return .response(response)
            }
            if let outcome { return outcome }
        }
    }

    /// One TCP exchange (RFC 7766): connect, send the length-prefixed query, read the answer.
    func tcp(_ query: [UInt8], id: UInt16, question: DNSQuestion, server: DNSServer, timeout: Double) -> ExchangeResult {
        counters?.add { $0.tcpQueries += 1 }
        let deadline = MonotonicClock.seconds() + timeout
        let fd: Int32
        switch TCPConnector.connect(to: server.socketAddress, timeout: timeout) {
        case .success(let socket): fd = socket
        case .failure(.timeout): return .timeout
        case .failure(.refused(let message)), .failure(.failed(let message)), .failure(.noRoute(let message)):
            return .networkError("TCP connect to \(server): \(message)")
        }
        defer { close(fd) }

        var framed = [UInt8(query.count >> 8), UInt8(query.count & 0xff)]
        framed.append(contentsOf: query)
        var offset = 0
        while offset < framed.count {
            let written = framed.withUnsafeBytes { send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            if written > 0 { offset += written; continue }
            if written < 0 && errno != EAGAIN && errno != EINTR { return .networkError(errnoText("TCP send to \(server)")) }
            switch waitFor(fd, events: Int16(POLLOUT), seconds: deadline - MonotonicClock.seconds()) {
            case .timedOut: return .timeout
            case .failed(let message): return .networkError(message)
            case .ready: continue
            }
        }
        let header: [UInt8]
        switch readExactly(fd, 2, deadline: deadline, server: server) {
        case .bytes(let bytes): header = bytes
        case .timeout: return .timeout
        case .closed: return .networkError("\(server) closed the TCP connection without answering")
        case .failed(let message): return .networkError(message)
        }
        let length = Int(header[0]) << 8 | Int(header[1])
        switch readExactly(fd, length, deadline: deadline, server: server) {
        case .bytes(let body):
            return body.withUnsafeBytes { raw in
                guard let response = LDNSWire.parse(raw, allSections: allSections) else {
                    return .malformed("\(server) sent \(length) bytes over TCP that are not a DNS message")
                }
                guard response.isResponse, response.id == id, Self.matches(response, question) else {
                    return .malformed("\(server) answered over TCP with another ID or question")
                }
                return .response(response)
            }
        case .timeout: return .timeout
        case .closed: return .networkError("\(server) closed the TCP connection before the whole answer")
        case .failed(let message): return .networkError(message)
        }
    }

    // MARK: - Helpers

    private enum ReadResult { case bytes([UInt8]), timeout, closed, failed(String) }

    private func readExactly(_ fd: Int32, _ count: Int, deadline: Double, server: DNSServer) -> ReadResult {
        var result = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let got = result.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + offset, count - offset, 0) }
            if got > 0 { offset += got; continue }
            if got == 0 { return .closed }
            if errno != EAGAIN && errno != EINTR { return .failed(errnoText("TCP receive from \(server)")) }
            switch waitFor(fd, events: Int16(POLLIN), seconds: deadline - MonotonicClock.seconds()) {
            case .timedOut: return .timeout
            case .failed(let message): return .failed(message)
            case .ready: continue
            }
        }
        return .bytes(result)
    }

    static func matches(_ response: ParsedResponse, _ question: DNSQuestion) -> Bool {
        // Some servers omit the question in error responses (e.g. FORMERR); accept those by ID.
        guard let name = response.questionName, let type = response.questionType else { return true }
        return name == question.name && type == question.type
    }

    private enum Readiness { case ready, timedOut, failed(String) }

    private func waitFor(_ fd: Int32, events: Int16, seconds: Double) -> Readiness {
        guard seconds > 0 else { return .timedOut }
        var entry = pollfd(fd: fd, events: events, revents: 0)
        let milliseconds = Int32(min(seconds * 1000, Double(Int32.max)).rounded(.up))
        while true {
            let ready = poll(&entry, 1, milliseconds)
            if ready > 0 {
                if entry.revents & Int16(POLLERR) != 0 || entry.revents & Int16(POLLNVAL) != 0 {
                    var soError: Int32 = 0
                    var length = socklen_t(MemoryLayout<Int32>.size)
                    getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length)
                    return .failed(soError != 0 ? String(cString: strerror(soError)) : "socket error")
                }
                return .ready
            }
            if ready == 0 { return .timedOut }
            if errno != EINTR { return .failed(errnoText("poll")) }
        }
    }

    private enum SocketResult { case success(Int32), failure(String) }

    private func udpSocket(for server: DNSServer) -> SocketResult {
        if let fd = udpSockets[server] { return .success(fd) }
        let address = server.socketAddress
        let fd = socket(address.family, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failure(errnoText("UDP socket for \(server)")) }
        // A connected UDP socket receives only the server's datagrams and reports
        // ICMP port-unreachable as ECONNREFUSED instead of a silent timeout.
        guard address.withSockaddr({ connect(fd, $0, $1) }) == 0 else {
            let message = errnoText("UDP connect to \(server)")
            close(fd)
            return .failure(message)
        }
        udpSockets[server] = fd
        return .success(fd)
    }

    private var receiveTimeouts: [Int32: Double] = [:]

    private func setReceiveTimeout(_ fd: Int32, _ seconds: Double) {
        guard receiveTimeouts[fd] != seconds else { return }
        let whole = Int(seconds)
        var value = timeval(tv_sec: whole, tv_usec: Int(((seconds - Double(whole)) * 1e6).rounded(.up)))
        if value.tv_sec == 0 && value.tv_usec == 0 { value.tv_usec = 1 }  // 0 would mean "wait for ever"
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
        receiveTimeouts[fd] = seconds
    }

    private func dropUDPSocket(for server: DNSServer) {
        if let fd = udpSockets.removeValue(forKey: server) {
            receiveTimeouts[fd] = nil
            close(fd)
        }
    }

    private func errnoText(_ what: String) -> String {
        "\(what): \(String(cString: strerror(errno)))"
    }
}
