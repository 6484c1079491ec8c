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
