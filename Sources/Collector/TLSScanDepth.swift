/// How much of what each server accepts is measured (`--tls-scan`).
public enum TLSScanDepth: String, Sendable, CaseIterable {
    /// Versions, every suite of each, the server's order, the groups, DH size: tens of
    /// handshakes per endpoint, paced.
    case full
    /// One handshake per protocol version (four).
    case versions
    /// Only the dialogue's own handshake.
    case off
}
