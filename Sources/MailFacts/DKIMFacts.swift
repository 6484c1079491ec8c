/// The DKIM keys found for the domain (RFC 6376 §3.6.2.1): at the selectors the user gave
/// and at a built-in list of common ones.
public struct DKIMFacts: Codable, Sendable, Equatable {
    /// The lookup of `_domainkey.<domain>`: NXDOMAIN there means no selector can exist below
    /// it; NODATA means the name exists (some selector may).
    public var domainKeyLookup: LookupFact
    /// Every selector asked by the user, and every common selector that gave a record or a
    /// failed lookup (common selectors that are simply absent are only counted).
    public var selectors: [DKIMSelectorFact]
    /// How many common selectors were tried.
    public var commonSelectorsTried: Int
    /// True when the common selectors were not asked because `_domainkey.<domain>` is
    /// NXDOMAIN, so that no name exists below it (RFC 8020 §2); absent otherwise, and when
    /// the run was told not to trust that (`--no-nxdomain-cut`).
    public var nxdomainCut: Bool?
    /// The selectors where a key record was found.
    public var found: [String]

    public init(domainKeyLookup: LookupFact, selectors: [DKIMSelectorFact], commonSelectorsTried: Int, nxdomainCut: Bool? = nil) {
        self.domainKeyLookup = domainKeyLookup
        self.selectors = selectors
        self.commonSelectorsTried = commonSelectorsTried
        self.nxdomainCut = nxdomainCut
        self.found = selectors.filter { !$0.keys.isEmpty }.map(\.selector)
    }
}
