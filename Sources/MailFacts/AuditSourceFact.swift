/// Where the domain's own records came from when not from the public DNS: a domain audited
/// before it goes live. Absent in an ordinary audit.
public struct AuditSourceFact: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, Equatable {
        /// `--ns`: the domain's names were asked of the named servers, not yet delegated to.
        case undelegated
        /// `--zone-file`: the records were read from a zone file; no server was asked for them.
        case zoneFile = "zone-file"
    }

    public var kind: Kind
    /// The zone whose names came from there (the domain, absolute names without the dot).
    public var zone: String
    /// `--ns`: the servers asked, `name [address]`.
    public var servers: [String]?
    /// `--zone-file`: the file read, and how many records it held.
    public var file: String?
    public var records: Int?
    /// The DNSKEY records the zone publishes (from the servers or the file): a signed zone
    /// whose chain of trust cannot be validated until the parent publishes its DS.
    public var dnskeys: Int
    /// One sentence for the top of a report: what was asked, and what that changes.
    public var note: String

    public init(kind: Kind, zone: String, servers: [String]? = nil, file: String? = nil, records: Int? = nil, dnskeys: Int, note: String) {
        self.kind = kind
        self.zone = zone
        self.servers = servers
        self.file = file
        self.records = records
        self.dnskeys = dnskeys
        self.note = note
    }
}
