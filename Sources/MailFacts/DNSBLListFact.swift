/// One DNS list as it was asked, and what its test entries said of it.
public struct DNSBLListFact: Codable, Sendable, Equatable {
    /// The list's zone as named (`zen.spamhaus.org`).
    public var zone: String
    public var kind: DNSBLListKind
    /// The list's name, from the data file of known lists (nil for a list it does not know).
    public var listName: String?
    /// Where a listed address or domain can be looked up and delisted, from the data file.
    public var lookupPage: String?
    /// What to do when the list refuses queries, from the data file (nil: the generic advice).
    public var refusalAdvice: String?
    public var health: DNSBLListHealth
    /// The answer behind `health` when it is not usable, in words.
    public var healthDetail: String?
    /// The test-entry questions themselves.
    public var testEntries: [DNSBLCheckFact]
    /// Whether the list covers IPv6: it lists its IPv6 test entry ::ffff:127.0.0.2 (RFC 5782
    /// §5). Asked only when an MX host has an IPv6 address; a list that does not list it
    /// answers NXDOMAIN for every IPv6 address, which says nothing.
    public var coversIPv6: Bool?
    public var ipv6TestEntry: DNSBLCheckFact?

    public init(zone: String, kind: DNSBLListKind, listName: String? = nil, lookupPage: String? = nil, refusalAdvice: String? = nil,
                health: DNSBLListHealth, healthDetail: String? = nil, testEntries: [DNSBLCheckFact]) {
        self.zone = zone
        self.kind = kind
        self.listName = listName
        self.lookupPage = lookupPage
        self.refusalAdvice = refusalAdvice
        self.health = health
        self.healthDetail = healthDetail
        self.testEntries = testEntries
    }
}
