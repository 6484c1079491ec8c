/// The domain's mail exchangers (RFC 5321 §5.1).
public struct MXFacts: Codable, Sendable, Equatable {
    public var lookup: LookupFact
    /// The MX RRset as published, sorted by preference then name.
    public var records: [MXRecordFact]
    /// The domain publishes exactly the null MX `0 .` (RFC 7505 §3): it accepts no mail.
    public var nullMX: Bool
    /// There is no MX RRset (NODATA) and the domain has an address, which then serves as
    /// the only exchange with preference 0 (RFC 5321 §5.1).
    public var implicitMX: Bool
    /// The lookups of the domain's own A/AAAA, made only when there is no MX.
    public var implicitLookups: [LookupFact]
    /// Each distinct exchange to deliver to (the domain itself for an implicit MX).
    public var exchanges: [ExchangeFact]

    public init(lookup: LookupFact, records: [MXRecordFact] = [], nullMX: Bool = false, implicitMX: Bool = false,
                implicitLookups: [LookupFact] = [], exchanges: [ExchangeFact] = []) {
        self.lookup = lookup
        self.records = records
        self.nullMX = nullMX
        self.implicitMX = implicitMX
        self.implicitLookups = implicitLookups
        self.exchanges = exchanges
    }
}
