/// What a handshake limited to one TLS version came to (`--tls-versions`).
public enum TLSVersionOutcome: String, Codable, Sendable, Equatable, CaseIterable {
    case accepted, rejected
    /// The dialogue failed before the handshake.
    case error
}
