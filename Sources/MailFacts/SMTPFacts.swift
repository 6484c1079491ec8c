/// What the probes of the domain's mail exchangers found (RFC 5321, RFC 3207, RFC 7672).
public struct SMTPFacts: Codable, Sendable, Equatable {
    public var status: SMTPProbeStatus
    /// One entry per exchange × address, port 25, in MX preference order.
    public var endpoints: [SMTPEndpointFact]

    public init(status: SMTPProbeStatus, endpoints: [SMTPEndpointFact] = []) {
        self.status = status
        self.endpoints = endpoints
    }
}

public enum SMTPProbeStatus: String, Codable, Sendable, Equatable {
    /// The endpoints were probed (each has its own outcome).
    case probed
    /// Probing was turned off (`--no-smtp`).
    case skipped
    /// Nothing to probe: no exchange with an address (null MX, no MX, lookups failed).
    case noEndpoints = "no-endpoints"
}

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

/// Whether a probe ran (shaped like a lookup: `outcome` and `detail`).
public struct ProbeRunFact: Codable, Sendable, Equatable {
    public var outcome: ProbeRunOutcome
    public var detail: String?

    public init(outcome: ProbeRunOutcome = .done, detail: String? = nil) {
        self.outcome = outcome
        self.detail = detail
    }
}

public struct SMTPFailureFact: Codable, Sendable, Equatable {
    public var step: SMTPStep
    public var kind: SMTPFailureKind
    public var detail: String

    public init(step: SMTPStep, kind: SMTPFailureKind, detail: String) {
        self.step = step
        self.kind = kind
        self.detail = detail
    }
}

public struct SMTPGreetingFact: Codable, Sendable, Equatable {
    public var code: Int
    public var lines: [String]
    /// The host name the greeting gives (RFC 5321 §4.3.1).
    public var name: String?
    /// Seconds from the connection to the first byte of the greeting.
    public var firstByteSeconds: Double
    /// Seconds from the connection to the complete greeting.
    public var seconds: Double

    public init(code: Int, lines: [String], name: String?, firstByteSeconds: Double, seconds: Double) {
        self.code = code
        self.lines = lines
        self.name = name
        self.firstByteSeconds = firstByteSeconds
        self.seconds = seconds
    }
}

public struct EHLOFact: Codable, Sendable, Equatable {
    /// The domain the server names in its EHLO reply.
    public var domain: String
    /// The extension keywords, upper-case (`STARTTLS`, `SIZE`, `AUTH`, ...).
    public var keywords: [String]
    public var extensions: [SMTPExtensionFact]
    /// SIZE (RFC 1870): the limit in bytes; 0 means no fixed limit.
    public var size: Int?
    /// AUTH (RFC 4954): the SASL mechanisms, upper-case.
    public var authMechanisms: [String]
    public var starttls: Bool

    public init(domain: String, keywords: [String], extensions: [SMTPExtensionFact], size: Int?, authMechanisms: [String], starttls: Bool) {
        self.domain = domain
        self.keywords = keywords
        self.extensions = extensions
        self.size = size
        self.authMechanisms = authMechanisms
        self.starttls = starttls
    }
}

public struct SMTPExtensionFact: Codable, Sendable, Equatable {
    public var keyword: String
    public var parameters: [String]

    public init(keyword: String, parameters: [String]) {
        self.keyword = keyword
        self.parameters = parameters
    }
}

/// The TLS session of an endpoint and the certificate it served.
public struct TLSFact: Codable, Sendable, Equatable {
    public var status: TLSStatus
    /// TLS from the first byte (port 465, RFC 8314 §3.3) rather than STARTTLS.
    public var implicit: Bool
    /// Why the handshake failed (OpenSSL's reason), for `failed`.
    public var error: String?
    public var version: String?
    public var cipher: String?
    /// The key exchange group (`X25519`, `secp256r1`, ...).
    public var group: String?
    /// The served chain, leaf first.
    public var chain: [CertificateFact]
    /// Verification of the served chain against the trust store (system or `--ca-file`),
    /// without a name check.
    public var trusted: Bool?
    /// OpenSSL's verify result: 0 for success (X509_V_OK), 10 expired, 18 self-signed, ...
    public var verifyCode: Int?
    public var verifyReason: String?
    /// The leaf certificate names the host (RFC 6125 rules, as X509_check_host applies them).
    public var namesHost: Bool?
    /// Whole days until the leaf certificate expires (negative once expired).
    public var daysToExpiry: Int?

    public init(status: TLSStatus, implicit: Bool, error: String? = nil, version: String? = nil, cipher: String? = nil,
                group: String? = nil, chain: [CertificateFact] = [], trusted: Bool? = nil, verifyCode: Int? = nil,
                verifyReason: String? = nil, namesHost: Bool? = nil, daysToExpiry: Int? = nil) {
        self.status = status
        self.implicit = implicit
        self.error = error
        self.version = version
        self.cipher = cipher
        self.group = group
        self.chain = chain
        self.trusted = trusted
        self.verifyCode = verifyCode
        self.verifyReason = verifyReason
        self.namesHost = namesHost
        self.daysToExpiry = daysToExpiry
    }
}

public struct CertificateFact: Codable, Sendable, Equatable {
    /// RFC 2253 form.
    public var subject: String
    public var issuer: String
    /// DNS names of the subjectAltName extension.
    public var dnsNames: [String]
    /// RFC 3339, UTC.
    public var notBefore: String
    public var notAfter: String
    /// `RSA`, `EC`, `ED25519`, ...
    public var keyType: String
    public var keyBits: Int
    /// The curve of an EC key.
    public var curve: String?
    public var signatureAlgorithm: String
    /// SHA-256 of the DER certificate, lower-case hex.
    public var sha256: String
    public var selfSigned: Bool
    public var isCA: Bool

    public init(subject: String, issuer: String, dnsNames: [String], notBefore: String, notAfter: String, keyType: String,
                keyBits: Int, curve: String?, signatureAlgorithm: String, sha256: String, selfSigned: Bool, isCA: Bool) {
        self.subject = subject
        self.issuer = issuer
        self.dnsNames = dnsNames
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.keyType = keyType
        self.keyBits = keyBits
        self.curve = curve
        self.signatureAlgorithm = signatureAlgorithm
        self.sha256 = sha256
        self.selfSigned = selfSigned
        self.isCA = isCA
    }
}

/// DANE for one exchange at one address (RFC 7672 §2).
public struct DANEFact: Codable, Sendable, Equatable {
    public var status: DANEStatus
    /// Records with usage 0 or 1 (PKIX-TA, PKIX-EE), which SMTP must not use (§3.1.3).
    public var unusableRecords: [TLSARecordFact]
    /// The record that matched and the chain depth it matched at (0 the leaf).
    public var matched: TLSARecordFact?
    public var matchedDepth: Int?
    /// OpenSSL's verify reason, for `mismatch`.
    public var detail: String?

    public init(status: DANEStatus, unusableRecords: [TLSARecordFact] = [], matched: TLSARecordFact? = nil,
                matchedDepth: Int? = nil, detail: String? = nil) {
        self.status = status
        self.unusableRecords = unusableRecords
        self.matched = matched
        self.matchedDepth = matchedDepth
        self.detail = detail
    }
}
