import COpenSSL

/// What one handshake of the acceptance scan offers, set on its SSL object: one protocol
/// version, the cipher suites (TLS 1.2 and below: an OpenSSL cipher list; TLS 1.3: its
/// suites) and the key-exchange groups. Nil fields keep the context's defaults.
public struct TLSOffer: Sendable, Hashable, CustomStringConvertible {
    public var version: TLSProtocolVersion
    /// Cipher names joined by ':' (TLS 1.2 and below).
    public var ciphers: String?
    /// TLS 1.3 suite names joined by ':'.
    public var suites: String?
    /// Group names joined by ':' (`X25519:secp256r1:...`).
    public var groups: String?

    public init(version: TLSProtocolVersion, ciphers: String? = nil, suites: String? = nil, groups: String? = nil) {
        self.version = version
        self.ciphers = ciphers
        self.suites = suites
        self.groups = groups
    }

    public var description: String {
        [version.rawValue, ciphers.map { "ciphers \($0)" }, suites.map { "suites \($0)" }, groups.map { "groups \($0)" }]
            .compactMap { $0 }.joined(separator: "; ")
    }

    /// Applies the offer to a handshake's SSL object; false when OpenSSL refused a part (a
    /// list with nothing it knows).
    func apply(to ssl: OpaquePointer) -> Bool {
        guard mailaudit_ssl_set_versions(ssl, version.openSSLValue, version.openSSLValue) == 1 else { return false }
        if let ciphers, SSL_set_cipher_list(ssl, "\(ciphers):@SECLEVEL=0") != 1 { ERR_clear_error(); return false }
        if let suites, SSL_set_ciphersuites(ssl, suites) != 1 { ERR_clear_error(); return false }
        if let groups, mailaudit_ssl_set_groups(ssl, groups) != 1 { ERR_clear_error(); return false }
        return true
    }

    /// Whether the local OpenSSL can make a handshake with this offer (every group and suite
    /// known to it): checked before connecting, so that a local limit is never taken for the
    /// server's refusal.
    public func isOfferable(context: TLSClientContext) -> Bool {
        guard let ssl = SSL_new(context.context) else { return false }
        defer { SSL_free(ssl) }
        return apply(to: ssl)
    }

    /// The broken families (`smtp.weak-cipher`) and the 3DES of "phase out", with the pattern
    /// of their OpenSSL names: the scan says which the local OpenSSL cannot offer at all.
    public static let brokenFamilies: [(name: String, pattern: String)] = [
        ("RC4", "RC4"), ("3DES", "DES-CBC3"), ("DES", "(^|-)DES-CBC-"), ("EXPORT", "EXP"), ("NULL", "NULL"),
        ("anonymous", "^(ADH|AECDH)-"), ("MD5", "MD5$"),
    ]

    /// Every cipher suite the local OpenSSL can offer for `version` (at security level 0), in
    /// its default order: the start of the scan.
    public static func localCiphers(_ version: TLSProtocolVersion, context: TLSClientContext) -> [String] {
        if version == .tls1_3 { return tls13Suites }
        guard let ssl = SSL_new(context.context) else { return [] }
        defer { SSL_free(ssl) }
        guard mailaudit_ssl_set_versions(ssl, version.openSSLValue, version.openSSLValue) == 1,
              SSL_set_cipher_list(ssl, "ALL:COMPLEMENTOFALL:@SECLEVEL=0") == 1, let names = mailaudit_ssl_offered_ciphers(ssl) else {
            ERR_clear_error()
            return []
        }
        defer { free(names) }
        return String(cString: names).split(separator: ":").map(String.init)
    }

    /// The TLS 1.3 suites OpenSSL implements (RFC 8446 §B.4).
    public static let tls13Suites = ["TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256",
                                     "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256"]

    /// The key-exchange groups the scan offers (RFC 8446 §4.2.7; RFC 7919 for ffdhe).
    public static let groupNames = ["X25519", "X448", "secp256r1", "secp384r1", "secp521r1",
                                    "ffdhe2048", "ffdhe3072", "ffdhe4096", "ffdhe6144", "ffdhe8192"]
}
