/// How TLS starts on a connection.
public enum SMTPTLSMode: String, Sendable, CaseIterable {
    /// STARTTLS when EHLO offers it (RFC 3207): ports 25 and 587.
    case starttls
    /// TLS from the first byte (RFC 8314 §3.3): port 465.
    case implicit
    /// No TLS at all.
    case none
}
