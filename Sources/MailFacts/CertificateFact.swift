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
