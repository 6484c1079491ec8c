import Foundation
import MailRecords
#if canImport(Glibc)
import Glibc
#endif

/// How one SMTP probe behaves: its timeouts and how it names itself.
public struct SMTPProbeConfiguration: Sendable {
    /// Seconds to wait for the TCP connection.
    public var connectTimeout: Double
    /// Seconds to wait for the 220 greeting (RFC 5321 §4.5.3.2.1 suggests 5 minutes; an
    /// auditor waits less and reports the delay).
    public var greetingTimeout: Double
    /// Seconds to wait for the reply to each command.
    public var commandTimeout: Double
    /// The name given in EHLO.
    public var ehloName: String

    public init(connectTimeout: Double = 10, greetingTimeout: Double = 30, commandTimeout: Double = 30, ehloName: String = "mailaudit.invalid") {
        self.connectTimeout = connectTimeout
        self.greetingTimeout = greetingTimeout
        self.commandTimeout = commandTimeout
        self.ehloName = ehloName
    }
}

/// What happened at one step of an SMTP dialogue that did not go as SMTP says.
public struct SMTPFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Step: String, Sendable, Hashable { case connect, greeting, ehlo, quit }
    public enum Kind: String, Sendable, Hashable {
        /// Nothing listens (TCP RST to the SYN).
        case refused
        /// No answer within the time allowed.
        case timeout
        /// The server closed the connection.
        case closed
        /// The connection was reset.
        case reset
        /// The server sent something that is not SMTP.
        case garbage
        /// A reply code other than the one the step needs (e.g. 554 instead of 220).
        case rejected
        case networkError = "network-error"
    }

    public var step: Step
    public var kind: Kind
    public var detail: String

    public var description: String { "\(step.rawValue): \(kind.rawValue): \(detail)" }
}

/// One line of a dialogue, in the style admins know from swaks: `->` sent, `<-` received.
public struct TranscriptLine: Sendable, Hashable {
    public enum Direction: String, Sendable { case sent = "->", received = "<-" }
    public var direction: Direction
    public var text: String
}

/// The plain-text part of an SMTP conversation with one address: connect, greeting, EHLO,
/// QUIT (STARTTLS and TLS come with the OpenSSL part of this module).
public struct SMTPSessionResult: Sendable {
    public var address: String
    public var port: UInt16
    /// Seconds the TCP connection took; nil when it failed.
    public var connectSeconds: Double?
    public var greeting: SMTPReply?
    /// Seconds from the connection to the complete greeting.
    public var greetingSeconds: Double?
    public var ehlo: EHLOResponse?
    public var failure: SMTPFailure?
    public var transcript: [TranscriptLine]
}

/// Runs SMTP dialogues with blocking sockets bounded by poll timeouts. Call it from a
/// dedicated thread (`SMTPProbe.session` does), never from Swift's cooperative pool.
public enum SMTPSession {
    public static func run(address: String, port: UInt16, configuration: SMTPProbeConfiguration) -> SMTPSessionResult {
        var result = SMTPSessionResult(address: address, port: port, transcript: [])
        let began = now()
        let fd: Int32
        switch connect(address, port, timeout: configuration.connectTimeout) {
        case .failure(let failure):
            result.failure = failure
            return result
        case .success(let socket): fd = socket
        }
        defer { close(fd) }
        result.connectSeconds = now() - began
        var reader = SMTPReplyReader()

        switch read(fd, &reader, timeout: configuration.greetingTimeout, step: .greeting) {
        case .failure(let failure):
            result.failure = failure
            return result
        case .success(let reply):
            result.greeting = reply
            result.greetingSeconds = now() - began
            result.transcript += reply.lines.map { TranscriptLine(direction: .received, text: "\(reply.code) \($0)") }
            guard reply.code == 220 else {
                result.failure = SMTPFailure(step: .greeting, kind: .rejected, detail: "the greeting is \(reply.code), not 220: \(reply.text)")
                return result
            }
        }
        let ehlo = "EHLO \(configuration.ehloName)"
        if let failure = send(fd, ehlo, step: .ehlo) { result.failure = failure; return result }
        result.transcript.append(TranscriptLine(direction: .sent, text: ehlo))
        switch read(fd, &reader, timeout: configuration.commandTimeout, step: .ehlo) {
        case .failure(let failure):
            result.failure = failure
            return result
        case .success(let reply):
            result.transcript += reply.lines.map { TranscriptLine(direction: .received, text: "\(reply.code) \($0)") }
            guard let parsed = EHLOResponse(reply) else {
                result.failure = SMTPFailure(step: .ehlo, kind: .rejected, detail: "EHLO answered \(reply.code): \(reply.text)")
                return result
            }
            result.ehlo = parsed
        }
        if send(fd, "QUIT", step: .quit) == nil {
            result.transcript.append(TranscriptLine(direction: .sent, text: "QUIT"))
            if case .success(let reply) = read(fd, &reader, timeout: min(5, configuration.commandTimeout), step: .quit) {
                result.transcript += reply.lines.map { TranscriptLine(direction: .received, text: "\(reply.code) \($0)") }
            }
        }
        return result
    }

    // MARK: - Sockets

    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    private static func connect(_ address: String, _ port: UInt16, timeout: Double) -> Result<Int32, SMTPFailure> {
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
            return .failure(SMTPFailure(step: .connect, kind: .timeout, detail: "no TCP connection to \(address):\(port) within \(timeout) s"))
        }
        var soError: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &size)
        if soError != 0 {
            close(fd)
            return .failure(SMTPFailure(step: .connect, kind: soError == ECONNREFUSED ? .refused : .networkError,
                                        detail: "\(address):\(port): \(String(cString: strerror(soError)))"))
        }
        return .success(fd)
    }

    private static func send(_ fd: Int32, _ line: String, step: SMTPFailure.Step) -> SMTPFailure? {
        let bytes = Array((line + "\r\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if sent > 0 { offset += sent; continue }
            if errno == EAGAIN || errno == EINTR {
                var entry = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                if poll(&entry, 1, 10_000) <= 0 { return SMTPFailure(step: step, kind: .timeout, detail: "the server does not take our command") }
                continue
            }
            return SMTPFailure(step: step, kind: errno == ECONNRESET || errno == EPIPE ? .reset : .networkError, detail: String(cString: strerror(errno)))
        }
        return nil
    }

    /// Reads until one complete reply, or the deadline, a close, or garbage.
    private static func read(_ fd: Int32, _ reader: inout SMTPReplyReader, timeout: Double, step: SMTPFailure.Step) -> Result<SMTPReply, SMTPFailure> {
        let deadline = now() + timeout
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let remaining = deadline - now()
            guard remaining > 0 else { return .failure(SMTPFailure(step: step, kind: .timeout, detail: "no complete reply within \(timeout) s")) }
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&entry, 1, Int32((remaining * 1000).rounded(.up)))
            if ready == 0 { continue }
            if ready < 0 {
                if errno == EINTR { continue }
                return .failure(SMTPFailure(step: step, kind: .networkError, detail: String(cString: strerror(errno))))
            }
            let got = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if got == 0 { return .failure(SMTPFailure(step: step, kind: .closed, detail: "the server closed the connection")) }
            if got < 0 {
                if errno == EAGAIN || errno == EINTR { continue }
                return .failure(SMTPFailure(step: step, kind: errno == ECONNRESET ? .reset : .networkError, detail: String(cString: strerror(errno))))
            }
            do {
                if let reply = try reader.feed(buffer[0..<got]).first { return .success(reply) }
            } catch {
                return .failure(SMTPFailure(step: step, kind: .garbage, detail: error.description))
            }
        }
    }
}

/// SMTP probes off the cooperative pool: each session runs on a thread of its own.
public enum SMTPProbe {
    public static func session(address: String, port: UInt16, configuration: SMTPProbeConfiguration) async -> SMTPSessionResult {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: SMTPSession.run(address: address, port: port, configuration: configuration))
            }
            thread.stackSize = 512 * 1024
            thread.start()
        }
    }
}
