public struct ForwardConfirmationFact: Codable, Sendable, Equatable {
    public var name: String
    public var lookup: LookupFact
    public var addresses: [String]
    public var matches: Bool

    public init(name: String, lookup: LookupFact, addresses: [String], matches: Bool) {
        self.name = name
        self.lookup = lookup
        self.addresses = addresses
        self.matches = matches
    }
}
