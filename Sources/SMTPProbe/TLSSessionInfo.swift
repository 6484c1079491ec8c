/// The TLS session of a dialogue.
public struct TLSSessionInfo: Sendable {
    public var implicit: Bool
    /// Nil when the handshake completed; OpenSSL's reason otherwise.
    public var error: String?
    public var version: String?
    public var cipher: String?
    public var group: String?
    /// The served chain, leaf first, DER.
    public var chain: [[UInt8]]
    /// The name sent as SNI (RFC 6066 §3) in this handshake: the chain is the one served for it.
    public var serverName: String?
    /// RFC 5746 secure renegotiation (TLS 1.2 and below), RFC 7627 extended master secret.
    public var secureRenegotiation: Bool?
    public var extendedMasterSecret: Bool?
    /// The server's ephemeral key type and size (`DH`, 1024).
    public var ephemeralKeyType: String?
    public var ephemeralKeyBits: Int?
    /// The hash of the server's key-exchange signature.
    public var signatureHash: String?
}
