import SMTPProbe

/// How the mail servers are probed. Nil in `CollectorOptions.probe` skips probing (`--no-smtp`).
public struct ProbeOptions: Sendable {
    /// The TLS context (trust store: the system's or `--ca-file`), shared by every probe and,
    /// through its CA file, the MTA-STS policy fetch.
    public var tls: TLSClientContext
    /// The name the probe gives in EHLO (RFC 5321 §4.1.1.1: a name for the client).
    public var ehloName: String
    public var connectTimeout: Double
    public var greetingTimeout: Double
    public var commandTimeout: Double
    /// Seconds one dialogue (or policy fetch) may take in all.
    public var probeDeadline: Double
    /// Further submission hosts to probe on 587 and 465 (`--submission-host`).
    public var submissionHosts: [String]
    /// One cache and set of connection limits for the whole run.
    public var scheduler: ProbeScheduler
    /// Runs the SMTP dialogues (real servers, or a table in tests).
    public var prober: any SMTPProber
    /// Fetches the MTA-STS policies (over HTTPS, or from a table in tests).
    public var policyFetcher: any PolicyFetcher
    /// With `tlsVersions` (`--tls-versions`): a context limited to each of TLS 1.0-1.3, to
    /// try each version alone on every MX endpoint; empty otherwise.
    public let versionContexts: [TLSProtocolVersion: TLSClientContext]
    /// The open-relay test on every MX endpoint (`--relay-test`; never by default).
    public var relayTest = false
    /// How much of what each endpoint with TLS accepts is measured (`--tls-scan`; the command
    /// line's default is `full`, the library's `off`).
    public var scanDepth: TLSScanDepth = .off

    public init(tls: TLSClientContext, ehloName: String = "mailaudit.invalid", connectTimeout: Double = 10,
                greetingTimeout: Double = 20, commandTimeout: Double = 15, probeDeadline: Double = 25, tlsVersions: Bool = false,
                submissionHosts: [String] = [], scheduler: ProbeScheduler = ProbeScheduler(),
                prober: any SMTPProber = ThreadSMTPProber(), policyFetcher: any PolicyFetcher = CurlPolicyFetcher()) throws(TLSSetupError) {
        self.tls = tls
        self.ehloName = ehloName
        self.connectTimeout = connectTimeout
        self.greetingTimeout = greetingTimeout
        self.commandTimeout = commandTimeout
        self.probeDeadline = probeDeadline
        self.submissionHosts = submissionHosts
        self.scheduler = scheduler
        self.prober = prober
        self.policyFetcher = policyFetcher
        var contexts: [TLSProtocolVersion: TLSClientContext] = [:]
        if tlsVersions {
            for version in TLSProtocolVersion.allCases { contexts[version] = try TLSClientContext(caFile: tls.caFile, version: version) }
        }
        versionContexts = contexts
    }
}
