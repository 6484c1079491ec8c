import SMTPProbe

/// How the mail servers are probed. Nil in `CollectorOptions.probe` skips probing (`--no-smtp`).
public struct ProbeOptions: Sendable {
    /// The TLS context (trust store: the system's or `--ca-file`), shared by every probe.
    public var tls: TLSClientContext
    public var caFile: String?
    /// The name the probe gives in EHLO (RFC 5321 §4.1.1.1: a name for the client).
    public var ehloName: String
    public var connectTimeout: Double
    public var greetingTimeout: Double
    public var commandTimeout: Double
    /// Seconds one dialogue (or policy fetch) may take in all.
    public var probeDeadline: Double
    /// Also try each of TLS 1.0-1.3 alone on every MX endpoint (`--tls-versions`).
    public var tlsVersions: Bool
    /// Probe the submission servers the SRV records name.
    public var submission: Bool
    /// Further submission hosts to probe on 587 and 465 (`--submission-host`).
    public var submissionHosts: [String]
    /// Fetch the MTA-STS policy over HTTPS.
    public var mtaStsPolicy: Bool
    /// One cache and set of connection limits for the whole run.
    public var scheduler: ProbeScheduler
    /// With `tlsVersions`: a context limited to each version.
    public var versionContexts: [TLSProtocolVersion: TLSClientContext] = [:]

    public init(tls: TLSClientContext, caFile: String?, ehloName: String = "mailaudit.invalid", connectTimeout: Double = 10,
                greetingTimeout: Double = 20, commandTimeout: Double = 15, probeDeadline: Double = 25, tlsVersions: Bool = false,
                submission: Bool = true, submissionHosts: [String] = [], mtaStsPolicy: Bool = true,
                scheduler: ProbeScheduler = ProbeScheduler()) {
        self.tls = tls
        self.caFile = caFile
        self.ehloName = ehloName
        self.connectTimeout = connectTimeout
        self.greetingTimeout = greetingTimeout
        self.commandTimeout = commandTimeout
        self.probeDeadline = probeDeadline
        self.tlsVersions = tlsVersions
        self.submission = submission
        self.submissionHosts = submissionHosts
        self.mtaStsPolicy = mtaStsPolicy
        self.scheduler = scheduler
        if tlsVersions {
            for version in TLSProtocolVersion.allCases {
                versionContexts[version] = try? TLSClientContext(caFile: caFile, version: version)
            }
        }
    }
}
