/// The keys around a DNSSEC verdict that is bogus, so that the report can say which link
/// broke in the terms a zone's admin uses: the key tags the parent's DS records name, the key
/// tags of the zone's DNSKEY records (and which sign keys, flag 257), and the key tags the
/// answer's signatures name. "The DS names key 12345; the zone publishes 54321 and 11111"
/// says what to fix; the validator's sentence alone does not.
public struct DNSSECKeysFact: Codable, Sendable, Equatable {
    /// The zone whose chain broke (the validator's link, else the domain).
    public var zone: String
    public var ds: [DSRecordFact]
    public var dnskeys: [DNSKEYRecordFact]
    /// The key tags of the answer's RRSIGs (RFC 4034 §3.1.6).
    public var signatureKeyTags: [Int]
    /// The DS and DNSKEY lookups (asked with checking disabled, RFC 4035 §3.2.2), so that a
    /// failed one is not read as "no keys".
    public var dsLookup: LookupFact
    public var dnskeyLookup: LookupFact

    public init(zone: String, ds: [DSRecordFact], dnskeys: [DNSKEYRecordFact], signatureKeyTags: [Int], dsLookup: LookupFact,
                dnskeyLookup: LookupFact) {
        self.zone = zone
        self.ds = ds
        self.dnskeys = dnskeys
        self.signatureKeyTags = signatureKeyTags
        self.dsLookup = dsLookup
        self.dnskeyLookup = dnskeyLookup
    }
}

/// One DS record: the key tag and algorithm of the key it names, and its digest type.
public struct DSRecordFact: Codable, Sendable, Equatable {
    public var keyTag: Int
    public var algorithm: Int
    public var digestType: Int

    public init(keyTag: Int, algorithm: Int, digestType: Int) {
        self.keyTag = keyTag
        self.algorithm = algorithm
        self.digestType = digestType
    }
}

/// One DNSKEY record: its key tag (RFC 4034 Appendix B), algorithm and flags (257: a
/// key-signing key with the SEP bit, 256: a zone-signing key).
public struct DNSKEYRecordFact: Codable, Sendable, Equatable {
    public var keyTag: Int
    public var algorithm: Int
    public var flags: Int
    /// The SEP bit (flags 257): the key a DS is expected to name.
    public var keySigning: Bool

    public init(keyTag: Int, algorithm: Int, flags: Int) {
        self.keyTag = keyTag
        self.algorithm = algorithm
        self.flags = flags
        self.keySigning = flags & 1 == 1
    }
}
