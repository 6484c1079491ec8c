public struct TLSASetFact: Codable, Sendable, Equatable {
    public var name: String
    public var lookup: LookupFact
    public var records: [TLSARecordFact]

    public init(name: String, lookup: LookupFact, records: [TLSARecordFact]) {
        self.name = name
        self.lookup = lookup
        self.records = records
    }
}
