public struct DMARCWalkStepFact: Codable, Sendable, Equatable {
    public var name: String
    public var lookup: WalkLookup
    public var records: [String]

    public init(name: String, lookup: WalkLookup, records: [String]) {
        self.name = name
        self.lookup = lookup
        self.records = records
    }
}
