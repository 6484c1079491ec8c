/// What the STARTTLS command-injection test came to.
public enum STARTTLSInjectionStatus: String, Codable, Sendable, Equatable, CaseIterable {
    /// The first reply inside TLS answered the QUIT sent inside TLS: the injected command was
    /// thrown away.
    case notVulnerable = "not-vulnerable"
    /// The server answered the command sent with STARTTLS inside TLS.
    case vulnerable
    /// The test's dialogue failed before it could tell (refused, busy, no handshake, an
    /// answer that fits neither case).
    case inconclusive
}
