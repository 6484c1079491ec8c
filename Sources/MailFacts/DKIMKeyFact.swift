/// One DKIM key record, read (RFC 6376 §3.6.1, RFC 8463, RFC 8301).
public struct DKIMKeyFact: Codable, Sendable, Equatable {
    public var record: String
    public var valid: Bool
    public var errors: [String]
    /// `rsa` or `ed25519` (or what k= says).
    public var keyType: String
    /// RSA modulus bits, or 256 for ed25519; nil when the key cannot be decoded.
    public var bits: Int?
    /// `spki`, `pkcs1` or `raw`.
    public var encoding: String?
    public var hashAlgorithms: [String]
    public var serviceTypes: [String]?
    public var flags: [String]
    /// t=y: the domain is testing DKIM.
    public var testing: Bool
    /// p= is empty: the key is revoked.
    public var revoked: Bool
    public var usableForEmail: Bool

    public init(record: String, valid: Bool, errors: [String], keyType: String, bits: Int?, encoding: String?,
                hashAlgorithms: [String], serviceTypes: [String]?, flags: [String], testing: Bool, revoked: Bool, usableForEmail: Bool) {
        self.record = record
        self.valid = valid
        self.errors = errors
        self.keyType = keyType
        self.bits = bits
        self.encoding = encoding
        self.hashAlgorithms = hashAlgorithms
        self.serviceTypes = serviceTypes
        self.flags = flags
        self.testing = testing
        self.revoked = revoked
        self.usableForEmail = usableForEmail
    }
}
