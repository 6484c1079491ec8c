import MailFacts
import MailRecords

/// An SMTP conversation with one address and port.
public struct SMTPSessionResult: Sendable {
    public var address: String
    public var port: UInt16
    /// Seconds the TCP connection took; nil when it failed.
    public var connectSeconds: Double?
    public var greeting: SMTPReply?
    /// Seconds from the connection to the first byte, and to the complete greeting.
    public var greetingFirstByteSeconds: Double?
    public var greetingSeconds: Double?
    /// The EHLO reply before TLS (with implicit TLS: inside it).
    public var ehlo: EHLOResponse?
    /// The reply to STARTTLS, when it was sent.
    public var starttlsReply: SMTPReply?
    public var tls: TLSSessionInfo?
    public var ehloAfterTLS: EHLOResponse?
    /// The reply to AUTH, when credentials were given.
    public var authReply: SMTPReply?
    /// The replies to MAIL, each RCPT, and DATA with its end, when a transaction was asked.
    public var transactionReplies: [SMTPReply]
    public var failure: SMTPFailureFact?
    /// With the purpose `starttlsInjection`: what the test came to.
    public var injection: STARTTLSInjectionFact?
    /// With the purpose `mailboxes`: the replies to RCPT postmaster, VRFY and EXPN.
    public var mailboxes: SMTPMailboxesFact?
    /// With the purpose `relay`: the relay test's attempts.
    public var relay: SMTPRelayFact?
    public var seconds: Double
    /// Dialogues made: 2 when the first found the server busy and it was asked once more.
    public var attempts: Int
    public var transcript: [TranscriptLine]

    /// A session that never started, ended by `failure`.
    public init(address: String, port: UInt16, failure: SMTPFailureFact? = nil) {
        self.address = address
        self.port = port
        self.failure = failure
        self.transactionReplies = []
        self.seconds = 0
        self.attempts = 1
        self.transcript = []
    }
}
