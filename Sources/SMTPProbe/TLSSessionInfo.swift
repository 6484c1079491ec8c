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
}
