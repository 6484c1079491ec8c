public struct TXTSetFact: Codable, Sendable, Equatable {
    public var name: String
    public var lookup: LookupFact
    public var records: [TXTRecordFact]

    public init(name: String, lookup: LookupFact, records: [TXTRecordFact]) {
        self.name = name
        self.lookup = lookup
        self.records = records
    }
}
