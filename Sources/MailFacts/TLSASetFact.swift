public struct TLSASetFact: Codable, Sendable, Equatable {
    public var name: String
    public var lookup: LookupFact
    public var records: [TLSARecordFact]
    /// Whether the TLSA answer is DNSSEC-secure: mailaudit's validation when it reached a
    /// verdict, else the resolver's AD bit ("secure" or "insecure"). DANE counts only secure
    /// TLSA records (RFC 7672 §2.2). Nil in facts recorded before it existed.
    public var dnssec: DNSSECStatusValue?
    public var validation: DNSSECValidationFact?

    public init(name: String, lookup: LookupFact, records: [TLSARecordFact]) {
        self.name = name
        self.lookup = lookup
        self.records = records
    }
}
