/// The name servers of the domain's zone and of each MX host's zone, asked one address at a
/// time (the Zonemaster checks that mail depends on; docs/architecture.md, "The name-server
/// checks"). A zone shared by many audited domains is checked once per run and its facts
/// repeated in each domain's.
public struct NameServerFacts: Codable, Sendable, Equatable {
    /// One entry per zone: the domain's first, then the MX hosts' zones not already listed.
    public var zones: [ZoneServersFact]
    /// Every NS name of every zone (so that rules judge each on its own).
    public var names: [NameServerNameFact]
    /// Every address tested, of every zone.
    public var servers: [NameServerAddressFact]
    /// Queries sent straight to name servers for these zones (not through the resolver).
    public var queries: Int

    public init(_ checks: [ZoneServersCheck]) {
        self.zones = checks.map(\.zone)
        self.names = checks.flatMap(\.names)
        self.servers = checks.flatMap(\.servers)
        self.queries = zones.reduce(0) { $0 + $1.queries }
    }
}

/// One zone's check: the zone's facts, and its names and addresses (listed once, in
/// `NameServerFacts`, each with its zone).
public struct ZoneServersCheck: Sendable, Equatable {
    public var zone: ZoneServersFact
    public var names: [NameServerNameFact]
    public var servers: [NameServerAddressFact]

    public init(zone: ZoneServersFact, names: [NameServerNameFact], servers: [NameServerAddressFact]) {
        self.zone = zone
        self.names = names
        self.servers = servers
    }
}

/// One zone's name servers.
public struct ZoneServersFact: Codable, Sendable, Equatable {
    /// The zone apex, without the final dot.
    public var zone: String
    /// Why it was checked: the audited domain, or the MX hosts in it.
    public var usedFor: [String]
    /// The NS set through the resolver (RFC 1034 §4.2.1).
    public var nsLookup: LookupFact
    /// The NS names the resolver gave.
    public var ns: [String]
    /// The parent zone and how asking its servers for the delegation went.
    public var parent: String?
    public var delegation: DelegationFact?
    /// The NS names the zone's own servers list, each server's set merged.
    public var childNS: [String]
    /// The distinct SOA serials the servers gave (one when they agree).
    public var serials: [UInt32]
    /// Addresses tested, and how many of them answered with authority over UDP.
    public var addressesTested: Int
    public var addressesAuthoritative: Int
    /// The distinct networks of the addresses: /24 for IPv4, /48 for IPv6 (RFC 2182 §3.1).
    public var prefixes: [String]
    /// Addresses beyond the per-zone bound, not tested.
    public var addressesNotTested: Int
    public var queries: Int
    /// The SOA read from the first server that answered it with authority.
    public var soa: SOAFact?

    public init(zone: String, usedFor: [String], nsLookup: LookupFact, ns: [String]) {
        self.zone = zone
        self.usedFor = usedFor
        self.nsLookup = nsLookup
        self.ns = ns
        self.childNS = []
        self.serials = []
        self.addressesTested = 0
        self.addressesAuthoritative = 0
        self.prefixes = []
        self.addressesNotTested = 0
        self.queries = 0
    }
}

/// What the parent's servers say of the zone's delegation (RFC 1034 §4.2.2).
public struct DelegationFact: Codable, Sendable, Equatable {
    /// `referral` (NS in the authority section), `answer` (the parent's server is the
    /// child's too and answered with authority), or why there is none: `no-referral`,
    /// `timeout`, `refused`, `network-error`, `no-parent-server`.
    public var status: String
    /// The parent's server that answered (or the last one asked).
    public var server: String?
    /// The NS names in the delegation.
    public var ns: [String]
    /// Glue: addresses the parent gives for NS names, by name.
    public var glue: [GlueFact]
    public var detail: String?

    public init(status: String, server: String? = nil, ns: [String] = [], glue: [GlueFact] = [], detail: String? = nil) {
        self.status = status
        self.server = server
        self.ns = ns
        self.glue = glue
        self.detail = detail
    }
}

/// The glue a parent gives for one NS name, beside the addresses the name resolves to.
public struct GlueFact: Codable, Sendable, Equatable {
    public var name: String
    public var addresses: [String]
    /// The addresses the name resolves to through the resolver.
    public var resolved: [String]
    public var matches: Bool

    public init(name: String, addresses: [String], resolved: [String]) {
        self.name = name
        self.addresses = addresses.sorted()
        self.resolved = resolved.sorted()
        self.matches = Set(addresses) == Set(resolved)
    }
}

/// One NS name of a zone and its addresses.
public struct NameServerNameFact: Codable, Sendable, Equatable {
    public var zone: String
    public var name: String
    public var addresses: [String]
    /// The A and AAAA lookups of the name, through the resolver.
    public var lookupA: LookupFact
    public var lookupAAAA: LookupFact
    /// `resolves`, `no-address` (the name exists, no A/AAAA), `nxdomain`, `failed`.
    public var status: String
    /// Whether the parent's delegation and the zone's own NS set list it.
    public var inDelegation: Bool?
    public var inZone: Bool

    public init(zone: String, name: String, addresses: [String], lookupA: LookupFact, lookupAAAA: LookupFact, inZone: Bool) {
        self.zone = zone
        self.name = name
        self.addresses = addresses
        self.lookupA = lookupA
        self.lookupAAAA = lookupAAAA
        self.inZone = inZone
        if !addresses.isEmpty {
            status = "resolves"
        } else if lookupA.outcome == .nxdomain && lookupAAAA.outcome == .nxdomain {
            status = "nxdomain"
        } else if lookupA.outcome.isFailure || lookupAAAA.outcome.isFailure {
            status = "failed"
        } else {
            status = "no-address"
        }
    }
}

/// How one server answered one kind of question.
public enum NameServerAnswer: String, Codable, Sendable, Equatable {
    /// Answered with AA set (RFC 1035 §4.1.1).
    case authoritative
    /// Answered NOERROR without AA: it does not hold the zone (a lame delegation).
    case notAuthoritative = "not-authoritative"
    case refused
    /// Another RCODE (SERVFAIL, NOTAUTH, ...: in `detail`).
    case otherRcode = "other-rcode"
    case timeout
    case networkError = "network-error"
    case malformed
    case notAsked = "not-asked"

    /// True when the server said nothing usable: it could not be judged from here.
    public var isSilent: Bool { [.timeout, .networkError, .malformed].contains(self) }
}

/// One address of one NS name, asked directly.
public struct NameServerAddressFact: Codable, Sendable, Equatable {
    public var zone: String
    /// The NS name (so that findings read "ns1.example [192.0.2.1]").
    public var host: String
    public var address: String
    public var family: AddressFamily
    /// SOA of the zone over UDP and over TCP, RD clear.
    public var udp: NameServerAnswer
    public var tcp: NameServerAnswer
    public var detail: String?
    /// The serial this server gives.
    public var serial: UInt32?
    /// The NS names this server gives for the zone.
    public var ns: [String]?
    /// RD set, for a name in no zone (`.invalid`): `offered` (RA set, or an NXDOMAIN it
    /// could only know by recursing), `not-offered`, `not-tested`.
    public var recursion: String
    /// AXFR over TCP: `refused`, `allowed` (a transfer began with the SOA), `not-tested`.
    public var axfr: String
    /// SOA with EDNS version 1 (RFC 6891 §6.1.3): `badvers` (right), `ignored` (answered as
    /// if version 0), `no-edns` (no OPT in the answer), `formerr`, `no-answer`, `not-tested`.
    public var edns: String
    public var ednsDetail: String?

    public init(zone: String, host: String, address: String, family: AddressFamily) {
        self.zone = zone
        self.host = host
        self.address = address
        self.family = family
        udp = .notAsked
        tcp = .notAsked
        recursion = "not-tested"
        axfr = "not-tested"
        edns = "not-tested"
    }
}

/// A zone's SOA timers (RFC 1035 §3.3.13).
public struct SOAFact: Codable, Sendable, Equatable {
    public var mname: String
    public var rname: String
    public var serial: UInt32
    public var refresh: UInt32
    public var retry: UInt32
    public var expire: UInt32
    public var minimum: UInt32

    public init(mname: String, rname: String, serial: UInt32, refresh: UInt32, retry: UInt32, expire: UInt32, minimum: UInt32) {
        self.mname = mname
        self.rname = rname
        self.serial = serial
        self.refresh = refresh
        self.retry = retry
        self.expire = expire
        self.minimum = minimum
    }
}
