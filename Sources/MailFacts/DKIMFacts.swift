/// The DKIM keys found for the domain (RFC 6376 §3.6.2.1): at the selectors the user gave
/// and at a built-in list of common ones.
public struct DKIMFacts: Codable, Sendable, Equatable {
    /// The lookup of `_domainkey.<domain>`: NXDOMAIN there means no selector can exist below
    /// it; NODATA means the name exists (some selector may).
    public var domainKeyLookup: LookupFact
    /// Every selector asked by the user, and every common selector that gave a record or a
    /// failed lookup (common selectors that are simply absent are only counted).
    public var selectors: [DKIMSelectorFact]
    /// How many common selectors were tried.
    public var commonSelectorsTried: Int
    /// The selectors where a key record was found.
    public var found: [String]

    public init(domainKeyLookup: LookupFact, selectors: [DKIMSelectorFact], commonSelectorsTried: Int) {
        self.domainKeyLookup = domainKeyLookup
        self.selectors = selectors
        self.commonSelectorsTried = commonSelectorsTried
        self.found = selectors.filter { !$0.keys.isEmpty }.map(\.selector)
    }
}

public struct DKIMSelectorFact: Codable, Sendable, Equatable {
    public var selector: String
    public var source: DKIMSelectorSource
    public var name: String
    public var lookup: LookupFact
    /// Each TXT record there, parsed as a key record.
    public var keys: [DKIMKeyFact]

    public init(selector: String, source: DKIMSelectorSource, name: String, lookup: LookupFact, keys: [DKIMKeyFact]) {
        self.selector = selector
        self.source = source
        self.name = name
        self.lookup = lookup
        self.keys = keys
    }
}

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
