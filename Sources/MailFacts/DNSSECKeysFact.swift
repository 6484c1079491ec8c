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
