/// One SMTP server address on one port, as one exchange name reaches it. The dialogue facts
/// come from one probe per address and port in a run; the name-dependent facts (does the
/// certificate name this exchange, DANE) are worked out for each exchange.
public struct SMTPEndpointFact: Codable, Sendable, Equatable {
    /// The MX exchange (or the submission host) that led here.
    public var host: String
    public var address: String
    public var family: AddressFamily
    public var port: Int
    public var service: EndpointService
    /// `ok` when the dialogue reached QUIT; otherwise the kind of its failure.
    public var outcome: SMTPEndpointOutcome
    /// Where and how the dialogue failed.
    public var failure: SMTPFailureFact?
    public var connectMilliseconds: Double?
    public var greeting: SMTPGreetingFact?
    /// The EHLO reply before TLS (for implicit TLS: the one inside TLS).
    public var ehlo: EHLOFact?
    public var tls: TLSFact?
    /// The EHLO reply inside TLS (RFC 3207 §4.2: the client must discard what it knew).
    public var ehloAfterTLS: EHLOFact?
    /// SASL mechanisms offered in plain text, before STARTTLS (empty when none).
    public var authBeforeTLS: [String]
    /// With `--tls-versions`: what a handshake limited to each of TLSv1, TLSv1.1, TLSv1.2
    /// and TLSv1.3 came to.
    public var tlsVersions: [String: TLSVersionOutcome]?
    /// What the endpoint accepts (`--tls-scan`, by default on every endpoint with TLS).
    public var tlsScan: TLSScanFact?
    /// The STARTTLS command-injection test, on a connection of its own (nil: not made, as
    /// for an endpoint without STARTTLS).
    public var starttlsInjection: STARTTLSInjectionFact?
    /// The RFC mailboxes and commands for the audited domain (MX endpoints; nil where the
    /// dialogue did not get to EHLO).
    public var mailboxes: SMTPMailboxesFact?
    /// The open-relay test (`--relay-test` only).
    public var relay: SMTPRelayFact?
    /// The PTR names of the address (MX endpoints; nil when the PTR lookup failed), beside
    /// the names the greeting and EHLO give.
    public var ptrNames: [String]?
    /// DANE (RFC 7672) for this exchange name at this address.
    public var dane: DANEFact?
    /// Whether the probe ran: `done`, or `deadline-exceeded` when the domain's deadline
    /// passed before it could (waiting for a connection slot, or for a probe another domain
    /// started). Rules require it, so an endpoint that was never probed is judged `error`.
    public var probe: ProbeRunFact
    /// Milliseconds the whole dialogue took.
    public var milliseconds: Double?
    /// This endpoint's dialogue was shared with another domain or exchange of the run.
    public var reused: Bool

    public init(host: String, address: String, family: AddressFamily, port: Int, service: EndpointService, outcome: SMTPEndpointOutcome,
                failure: SMTPFailureFact? = nil, connectMilliseconds: Double? = nil, greeting: SMTPGreetingFact? = nil,
                ehlo: EHLOFact? = nil, tls: TLSFact? = nil, ehloAfterTLS: EHLOFact? = nil, authBeforeTLS: [String] = [],
                tlsVersions: [String: TLSVersionOutcome]? = nil, dane: DANEFact? = nil, probe: ProbeRunFact = ProbeRunFact(),
                milliseconds: Double? = nil, reused: Bool = false) {
        self.probe = probe
        self.host = host
        self.address = address
        self.family = family
        self.port = port
        self.service = service
        self.outcome = outcome
        self.failure = failure
        self.connectMilliseconds = connectMilliseconds
        self.greeting = greeting
        self.ehlo = ehlo
        self.tls = tls
        self.ehloAfterTLS = ehloAfterTLS
        self.authBeforeTLS = authBeforeTLS
        self.tlsVersions = tlsVersions
        self.dane = dane
        self.milliseconds = milliseconds
        self.reused = reused
    }
}
