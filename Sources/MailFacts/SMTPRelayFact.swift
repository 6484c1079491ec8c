/// The open-relay test of one endpoint (`--relay-test`; never by default): unauthenticated,
/// after STARTTLS where offered, `MAIL FROM` and `RCPT TO` in the address forms relay tests
/// use, with only reserved domains (RFC 2606: example.com, example.net, `.invalid`), each
/// followed by RSET; then QUIT. Never DATA: nothing can be delivered.
public struct SMTPRelayFact: Codable, Sendable, Equatable {
    public var status: SMTPCheckStatus
    public var detail: String?
    public var attempts: [SMTPRelayAttemptFact]
    /// The forms whose recipient was accepted (2xx).
    public var accepted: [String]

    public init(status: SMTPCheckStatus, detail: String? = nil, attempts: [SMTPRelayAttemptFact] = [], accepted: [String] = []) {
        self.status = status
        self.detail = detail
        self.attempts = attempts
        self.accepted = accepted
    }
}
