import COpenSSL
import Foundation

/// One OpenSSL client context (SSL_CTX): the trust store, the allowed versions, DANE.
/// Made once per run and shared by every probe (OpenSSL allows creating SSL objects from one
/// context on many threads once it is configured).
public final class TLSClientContext: @unchecked Sendable {
    let context: OpaquePointer
    /// The CA file given (`--ca-file`); nil for the system trust store.
    public let caFile: String?

    /// `caFile`: the trusted CAs (PEM), nil for the system store. `version`: only that
    /// version; nil allows every version from TLS 1.0 to 1.3, so that old servers are seen and
    /// reported rather than refused (judging them is the rules' work).
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
        // Verification never aborts the handshake: its result is a fact (docs/c-interop.md, "OpenSSL").
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
