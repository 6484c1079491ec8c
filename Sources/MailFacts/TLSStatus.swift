/// Whether an endpoint's dialogue reached TLS.
public enum TLSStatus: String, Codable, Sendable, Equatable, CaseIterable {
    /// The handshake completed.
    case ok
    /// EHLO did not offer STARTTLS.
    case notOffered = "not-offered"
    /// STARTTLS was answered other than 220.
    case starttlsRefused = "starttls-refused"
    /// The handshake failed.
    case failed
    /// The dialogue ended before TLS could start.
    case notReached = "not-reached"
}
