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
    /// The lookup of a made-up name below `_domainkey.<domain>`
    /// (`DKIMFacts.wildcardCheckLabel`), asked when `_domainkey` itself was not NXDOMAIN:
    /// if that name exists too, a wildcard answers for every name. Absent when not asked.
    public var wildcardLookup: LookupFact?
    /// What the two lookups say about keys below `_domainkey` (see `DKIMNodeState`);
    /// absent in facts saved before it was collected.
    public var node: DKIMNodeState?

    /// The label of the made-up selector that tells a wildcard from an empty non-terminal.
    public static let wildcardCheckLabel = "mailaudit-no-such-selector"

    public init(domainKeyLookup: LookupFact, selectors: [DKIMSelectorFact], commonSelectorsTried: Int, nxdomainCut: Bool? = nil,
                wildcardLookup: LookupFact? = nil) {
        self.domainKeyLookup = domainKeyLookup
        self.wildcardLookup = wildcardLookup
        self.node = Self.node(domainKey: domainKeyLookup, wildcard: wildcardLookup)
        self.selectors = selectors
        self.commonSelectorsTried = commonSelectorsTried
        self.nxdomainCut = nxdomainCut
        self.found = selectors.filter { !$0.keys.isEmpty }.map(\.selector)
    }

    /// The state of `_domainkey` from its lookup and the made-up name's.
    public static func node(domainKey: LookupFact, wildcard: LookupFact?) -> DKIMNodeState {
        switch domainKey.outcome {
        // NXDOMAIN at the end of a CNAME chain is the target's, not _domainkey's (RFC 8020 §2).
        case .nxdomain: return domainKey.cnameChain.isEmpty ? .absent : .unknown
        case .nodata, .records:
            guard let wildcard else { return .unknown }
            switch wildcard.outcome {
            case .nxdomain: return domainKey.outcome == .records ? .records : .empty
            case .nodata, .records: return .wildcard
            default: return .unknown
            }
        default: return .unknown
        }
    }
}
