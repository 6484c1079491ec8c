public struct SPFTermFact: Codable, Sendable, Equatable {
    public var text: String
    /// The mechanism or modifier name (`include`, `a`, `redirect`, ...).
    public var name: String
    /// `+`, `-`, `~`, `?` for mechanisms; nil for modifiers.
    public var qualifier: String?
    /// It counts toward the limit of 10 DNS-querying terms.
    public var dnsLookup: Bool
    /// Its lookup found nothing (NODATA or NXDOMAIN); nil when not looked up.
    public var void: Bool?

    public init(text: String, name: String, qualifier: String?, dnsLookup: Bool, void: Bool? = nil) {
        self.text = text
        self.name = name
        self.qualifier = qualifier
        self.dnsLookup = dnsLookup
        self.void = void
    }
}
