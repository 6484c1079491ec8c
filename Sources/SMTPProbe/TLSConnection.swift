import COpenSSL
import Foundation

/// One TLS session (SSL) over a connection's socket.
final class TLSConnection {
    let ssl: OpaquePointer
    /// Keeps the context alive as long as the session.
    private let context: TLSClientContext

    /// False when OpenSSL refused the offer (`offer` set but unusable).
    private(set) var offerApplied = true

    init(context: TLSClientContext, fd: Int32, serverName: String?, offer: TLSOffer? = nil) {
        self.context = context
        self.ssl = SSL_new(context.context)
        if let offer { offerApplied = offer.apply(to: ssl) }
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

    /// RFC 5746 secure renegotiation offered by the server (TLS 1.2 and below).
    var secureRenegotiation: Bool { mailaudit_ssl_secure_renegotiation(ssl) == 1 }
    /// RFC 7627 extended master secret negotiated.
    var extendedMasterSecret: Bool { mailaudit_ssl_extended_master_secret(ssl) == 1 }
    /// The server's ephemeral key: `DH 2048`, `X25519 253`, `EC 256`; nil when none.
    var ephemeralKey: (type: String, bits: Int)? {
        var bits: Int32 = 0
        let id = mailaudit_ssl_peer_tmp_key(ssl, &bits)
        guard id != 0 else { return nil }
        let type: String = switch id {
        case EVP_PKEY_DH, EVP_PKEY_DHX: "DH"
        case EVP_PKEY_EC: "EC"
        case EVP_PKEY_X25519: "X25519"
        case EVP_PKEY_X448: "X448"
        default: OBJ_nid2sn(id).map { String(cString: $0) } ?? "key type \(id)"
        }
        return (type, Int(bits))
    }
    /// The hash of the server's key-exchange signature (`SHA256`, `SHA1`, ...).
    var signatureHash: String? {
        let nid = mailaudit_ssl_peer_signature_hash(ssl)
        return nid <= 0 ? nil : OBJ_nid2sn(nid).map { String(cString: $0) }
    }

    /// The most certificates of a chain kept: real chains have 2–4; OpenSSL bounds what it
    /// reads (max_cert_list, 100 KiB), this bounds what becomes facts.
    static let maximumChainLength = 10

    /// The chain the server sent, leaf first, as DER (at most `maximumChainLength`).
    var peerChain: [[UInt8]] {
        guard let stack = SSL_get_peer_cert_chain(ssl) else { return [] }
        return (0..<min(mailaudit_x509_stack_count(stack), Int32(Self.maximumChainLength))).compactMap { index in
            mailaudit_x509_stack_value(stack, index).flatMap(X509Certificate.der(of:))
        }
    }
}
