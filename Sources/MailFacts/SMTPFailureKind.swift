/// How an SMTP step failed.
public enum SMTPFailureKind: String, Codable, Sendable, Hashable, CaseIterable {
    /// Nothing listens (TCP RST to the SYN).
    case refused
    /// No answer within the time allowed.
    case timeout
    /// The server closed the connection.
    case closed
    /// The connection was reset.
    case reset
    /// The server sent something that is not SMTP.
    case garbage
    /// A reply code other than the one the step needs (e.g. 554 instead of 220).
    case rejected
    /// A 421 (RFC 5321 §3.8: service closing) at any step, or another 4xx to the greeting,
    /// EHLO or STARTTLS: the server is busy or limits this client for now (a connection limit,
    /// rate limiting, greylisting). Nothing about it is known: it could not be tested now.
    case busy
    case networkError = "network-error"
    /// The TLS handshake (or a TLS record) failed.
    case tlsFailed = "tls-failed"
    /// The probe chose not to go on: credentials are never sent outside TLS unless TLS was
    /// turned off on purpose.
    case notSent = "not-sent"
    /// The host has no address to connect to.
    case noAddress = "no-address"
    /// This machine has no route to the address (an IPv6 address on a host without IPv6):
    /// not a fault of the server, and not probed.
    case noRoute = "no-route"
    /// The domain's deadline passed before the probe could run.
    case deadlineExceeded = "deadline-exceeded"
}
