/// One record in the include/redirect tree.
public struct SPFNodeFact: Codable, Sendable, Equatable {
    public var domain: String
    public var via: SPFNodeVia
    /// How the TXT lookup of `domain` ended.
    public var lookup: SPFNodeLookup
    public var record: String?
    public var errors: [String]
    public var terms: [SPFTermFact]
    public var children: [SPFNodeFact]

    public init(domain: String, via: SPFNodeVia, lookup: SPFNodeLookup, record: String? = nil, errors: [String] = [],
                terms: [SPFTermFact] = [], children: [SPFNodeFact] = []) {
        self.domain = domain
        self.via = via
        self.lookup = lookup
        self.record = record
        self.errors = errors
        self.terms = terms
        self.children = children
    }
}
