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
    /// The name sent as SNI (RFC 6066 §3): the endpoint's host, each name probed with its
    /// own (a server may choose its certificate by it), so the chain judged for a host is
    /// the one served to senders asking for that host.
    public var serverName: String?

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
