/// What one connection to a server is for.
public enum SMTPProbePurpose: String, Sendable, Hashable {
    /// The dialogue: greeting, EHLO, STARTTLS, the handshake, EHLO inside TLS, QUIT.
    case dialogue
    /// The STARTTLS command-injection test: `STARTTLS` and `NOOP` in one segment, the
    /// handshake, then `QUIT` inside TLS (`SMTPSessionResult.injection`).
    case starttlsInjection = "starttls-injection"
    /// The RFC mailboxes for `SMTPProbeConfiguration.domain`: RCPT postmaster, VRFY, EXPN
    /// (`SMTPSessionResult.mailboxes`).
    case mailboxes
    /// The open-relay test (`SMTPSessionResult.relay`), only when the user asks for it.
    case relay
    /// One handshake of the acceptance scan, with `SMTPProbeConfiguration.offer`: up to the
    /// handshake (`SMTPSessionResult.tls`), then QUIT inside TLS.
    case handshake
}
