/// The CAA records that govern certificates for a host name (RFC 8659 §3): the name's own,
/// else the closest parent's, walking up to the top-level domain.
public struct CAAFact: Codable, Sendable, Equatable {
    /// Each name asked, from the host up, until one had CAA records (or a lookup failed).
    public var walk: [LookupFact]
    /// The lookup that ended the walk: records, a failure (which ends it), or the top-level
    /// domain's answer without records.
    public var lookup: LookupFact
    /// The name whose CAA RRset is the relevant one; nil when no name on the way has one.
    public var foundAt: String?
    public var records: [CAARecordFact]

    public init(walk: [LookupFact], lookup: LookupFact, foundAt: String? = nil, records: [CAARecordFact] = []) {
        self.walk = walk
        self.lookup = lookup
        self.foundAt = foundAt
        self.records = records
    }
}
