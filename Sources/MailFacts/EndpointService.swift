/// What an SMTP endpoint serves.
public enum EndpointService: String, Codable, Sendable, Equatable, CaseIterable {
    /// Port 25, an MX exchange (RFC 5321).
    case mx
    /// Message submission with STARTTLS, usually port 587 (RFC 6409, `_submission._tcp`).
    case submission
    /// Message submission over implicit TLS, usually port 465 (RFC 8314, `_submissions._tcp`).
    case submissions
}
