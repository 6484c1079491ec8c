/// How one SMTP probe behaves: its timeouts, how it names itself, and what it tries.
public struct SMTPProbeConfiguration: Sendable {
    /// Seconds to wait for the TCP connection.
    public var connectTimeout: Double
    /// Seconds to wait for the 220 greeting (RFC 5321 §4.5.3.2.1 suggests 5 minutes; an
    /// auditor waits less and reports the delay).
    public var greetingTimeout: Double
    /// Seconds to wait for the reply to each command, and for the TLS handshake.
    public var commandTimeout: Double
    /// The whole dialogue ends by this many seconds after it began, whatever the server does.
    public var deadline: Double
    /// The name given in EHLO.
    public var ehloName: String
    public var tlsMode: SMTPTLSMode
    /// The context for TLS (trust store, versions); nil: no TLS is attempted.
    public var tls: TLSClientContext?
    /// The name sent as SNI (the MX exchange; RFC 7672 §8.1).
    public var serverName: String?
    public var credentials: SMTPCredentials?
    public var transaction: SMTPTransaction?
    /// Seconds to wait before asking a busy server (421, 4xx) once more; at most a third of
    /// what is left of the deadline.
    public var busyRetryPause: Double
    public var purpose: SMTPProbePurpose = .dialogue
    /// With the purpose `handshake`: what the handshake offers.
    public var offer: TLSOffer?
    /// The audited domain, for the purposes that name it (postmaster@DOMAIN; the relay test's
    /// forms through the domain).
    public var domain: String?

    public init(connectTimeout: Double = 10, greetingTimeout: Double = 30, commandTimeout: Double = 30, deadline: Double = 60,
                ehloName: String = "mailaudit.invalid", tlsMode: SMTPTLSMode = .starttls, tls: TLSClientContext? = nil,
                serverName: String? = nil, credentials: SMTPCredentials? = nil, transaction: SMTPTransaction? = nil,
                busyRetryPause: Double = 5) {
        self.connectTimeout = connectTimeout
        self.greetingTimeout = greetingTimeout
        self.commandTimeout = commandTimeout
        self.deadline = deadline
        self.ehloName = ehloName
        self.tlsMode = tlsMode
        self.tls = tls
        self.serverName = serverName
        self.credentials = credentials
        self.transaction = transaction
        self.busyRetryPause = busyRetryPause
    }
}
