/// The steps of an SMTP dialogue, where a failure is reported.
public enum SMTPStep: String, Codable, Sendable, Hashable, CaseIterable {
    case connect, greeting, ehlo, starttls
    case tlsHandshake = "tls-handshake"
    /// EHLO again inside TLS (RFC 3207 §4.2).
    case ehloTLS = "ehlo-tls"
    case auth, mail, rcpt, data, quit
}
