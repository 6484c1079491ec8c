import COpenSSL
import Foundation

/// The protocol versions a handshake may be limited to (`--tls-versions`).
public enum TLSProtocolVersion: String, Sendable, CaseIterable, Codable {
    case tls1 = "TLSv1"
    case tls1_1 = "TLSv1.1"
    case tls1_2 = "TLSv1.2"
    case tls1_3 = "TLSv1.3"

    var openSSLValue: Int32 {
        switch self {
        case .tls1: TLS1_VERSION
        case .tls1_1: TLS1_1_VERSION
        case .tls1_2: TLS1_2_VERSION
        case .tls1_3: TLS1_3_VERSION
        }
    }
}

/// An error a user can fix: the CA file cannot be read, and the like.
public struct TLSSetupError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

/// One OpenSSL client context (SSL_CTX): the trust store, the allowed versions, DANE.
/// Made once per run and shared by every probe (OpenSSL allows creating SSL objects from one
/// context on many threads once it is configured).
public final class TLSClientContext: @unchecked Sendable {
    let context: OpaquePointer
    /// The CA file given (`--ca-file`); nil for the system trust store.
    public let caFile: String?

    /// `versions`: nil allows every version from TLS 1.0 to 1.3, so that old servers are seen
    /// and reported rather than refused; judging them is the rules' work.
    public init(caFile: String?, version: TLSProtocolVersion? = nil) throws(TLSSetupError) {
        _ = Self.ignoreBrokenPipes
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw TLSSetupError(description: "OpenSSL could not make a TLS context") }
        self.context = context
        self.caFile = caFile
        mailaudit_ctx_set_options(context)
        // Security level 0 with every cipher: the probe must complete handshakes that a mail
        // client would refuse (TLS 1.0 with SHA-1, 1024-bit keys) in order to report them.
        SSL_CTX_set_security_level(context, 0)
        SSL_CTX_set_cipher_list(context, "ALL:@SECLEVEL=0")
        let low = version ?? .tls1, high = version ?? .tls1_3
        guard mailaudit_ctx_set_versions(context, low.openSSLValue, high.openSSLValue) == 1 else {
            throw TLSSetupError(description: "OpenSSL refused the TLS version range \(low.rawValue)-\(high.rawValue)")
        }
        // Verification never aborts the handshake: its result is a fact (C-INTEROP.md).
        SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nil)
        if let caFile {
            guard FileManager.default.isReadableFile(atPath: caFile) else {
                throw TLSSetupError(description: "cannot read the CA file \(caFile); give a PEM file of trusted CA certificates")
            }
            guard SSL_CTX_load_verify_locations(context, caFile, nil) == 1 else {
                ERR_clear_error()
                throw TLSSetupError(description: "\(caFile) holds no PEM certificate OpenSSL can read; give a PEM file of CA certificates")
            }
        } else {
            SSL_CTX_set_default_verify_paths(context)
        }
        guard SSL_CTX_dane_enable(context) > 0 else { throw TLSSetupError(description: "OpenSSL could not enable DANE") }
    }

    deinit { SSL_CTX_free(context) }

    /// OpenSSL writes to the socket without MSG_NOSIGNAL: a server that closes while the probe
    /// writes inside TLS would raise SIGPIPE and end the whole process. The write then fails
    /// with EPIPE instead, which the dialogue reports as a reset.
    static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()
}

/// The latest OpenSSL error queue as one line, and the queue cleared.
func openSSLErrors() -> String {
    var reasons: [String] = []
    while true {
        let code = ERR_get_error()
        if code == 0 { break }
        if let reason = ERR_reason_error_string(code) {
            reasons.append(String(cString: reason))
        } else {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            reasons.append(cText(buffer))
        }
    }
    return reasons.joined(separator: "; ")
}

/// A NUL-terminated C buffer as a String.
func cText(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// One TLS session (SSL) over a connection's socket.
final class TLSConnection {
    let ssl: OpaquePointer
    /// Keeps the context alive as long as the session.
    private let context: TLSClientContext

    init(context: TLSClientContext, fd: Int32, serverName: String?) {
        self.context = context
        self.ssl = SSL_new(context.context)
        SSL_set_fd(ssl, fd)
        if let serverName, !serverName.isEmpty { _ = mailaudit_ssl_set_sni(ssl, serverName) }
        SSL_set_connect_state(ssl)
    }

    deinit { SSL_free(ssl) }

    /// Runs an OpenSSL call until it completes, waiting in poll() for what it asks for.
    private func drive(_ connection: Connection, until deadline: Double, _ call: () -> Int32) -> Result<Int32, ConnectionError> {
        while true {
            ERR_clear_error()
            let result = call()
            if result > 0 { return .success(result) }
            let error = SSL_get_error(ssl, result)
            switch error {
            case SSL_ERROR_WANT_READ:
                if let failure = connection.wait(POLLIN, until: deadline) { return .failure(failure) }
            case SSL_ERROR_WANT_WRITE:
                if let failure = connection.wait(POLLOUT, until: deadline) { return .failure(failure) }
            case SSL_ERROR_ZERO_RETURN:
                return .failure(.closed)
            case SSL_ERROR_SYSCALL:
                let queued = openSSLErrors()
                if !queued.isEmpty { return .failure(.tls(queued)) }
                if errno == ECONNRESET { return .failure(.reset) }
                return .failure(.closed)
            default:
                let queued = openSSLErrors()
                return .failure(.tls(queued.isEmpty ? "TLS error \(error)" : queued))
            }
        }
    }

    func handshake(connection: Connection, until deadline: Double) -> ConnectionError? {
        if case .failure(let error) = drive(connection, until: deadline, { SSL_connect(ssl) }) { return error }
        return nil
    }

    func write(_ bytes: [UInt8], connection: Connection, until deadline: Double) -> ConnectionError? {
        var offset = 0
        while offset < bytes.count {
            let result = drive(connection, until: deadline) {
                bytes.withUnsafeBytes { SSL_write(ssl, $0.baseAddress! + offset, Int32(bytes.count - offset)) }
            }
            switch result {
            case .success(let written): offset += Int(written)
            case .failure(let error): return error
            }
        }
        return nil
    }

    func read(into buffer: inout [UInt8], connection: Connection, until deadline: Double) -> Result<Int, ConnectionError> {
        let count = Int32(buffer.count)
        return buffer.withUnsafeMutableBytes { raw in
            drive(connection, until: deadline) { SSL_read(ssl, raw.baseAddress, count) }.map { Int($0) }
        }
    }

    var version: String { String(cString: SSL_get_version(ssl)) }
    var cipher: String? { SSL_get_current_cipher(ssl).flatMap { SSL_CIPHER_get_name($0) }.map { String(cString: $0) } }
    var group: String? {
        let id = mailaudit_ssl_negotiated_group(ssl)
        guard id > 0, let name = SSL_group_to_name(ssl, Int32(id)) else { return nil }
        return String(cString: name)
    }

    /// The chain the server sent, leaf first, as DER.
    var peerChain: [[UInt8]] {
        guard let stack = SSL_get_peer_cert_chain(ssl) else { return [] }
        return (0..<mailaudit_x509_stack_count(stack)).compactMap { index in
            mailaudit_x509_stack_value(stack, index).flatMap(X509Certificate.der(of:))
        }
    }
}
