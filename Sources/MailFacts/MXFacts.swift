/// The domain's mail exchangers (RFC 5321 §5.1).
public struct MXFacts: Codable, Sendable, Equatable {
    public var lookup: LookupFact
    /// The MX RRset as published, sorted by preference then name.
    public var records: [MXRecordFact]
    /// The domain publishes exactly the null MX `0 .` (RFC 7505 §3): it accepts no mail.
    public var nullMX: Bool
    /// There is no MX RRset (NODATA) and the domain has an address, which then serves as
    /// the only exchange with preference 0 (RFC 5321 §5.1).
    public var implicitMX: Bool
    /// The lookups of the domain's own A/AAAA, made only when there is no MX.
    public var implicitLookups: [LookupFact]
    /// Each distinct exchange to deliver to (the domain itself for an implicit MX).
    public var exchanges: [ExchangeFact]

    public init(lookup: LookupFact, records: [MXRecordFact] = [], nullMX: Bool = false, implicitMX: Bool = false,
                implicitLookups: [LookupFact] = [], exchanges: [ExchangeFact] = []) {
        self.lookup = lookup
        self.records = records
        self.nullMX = nullMX
        self.implicitMX = implicitMX
        self.implicitLookups = implicitLookups
        self.exchanges = exchanges
    }
}

public struct MXRecordFact: Codable, Sendable, Equatable {
    public var preference: Int
    /// The exchange, lower-case and without the trailing dot; `.` for a null MX.
    public var exchange: String

    public init(preference: Int, exchange: String) {
        self.preference = preference
        self.exchange = exchange
    }
}

/// One host that receives mail for the domain.
public struct ExchangeFact: Codable, Sendable, Equatable {
    public var name: String
    public var preference: Int
    /// True for the implicit MX (the domain's own address).
    public var implicit: Bool
    /// The exchange name is an alias (CNAME), which RFC 2181 §10.3 forbids for MX targets.
    public var isCNAME: Bool
    public var cnameChain: [String]
    public var a: LookupFact
    public var aaaa: LookupFact
    public var addresses: [AddressFact]
    public var dnssec: DNSSECFact
    /// The TLSA records at `_25._tcp.<exchange>` (RFC 7672 §2.2).
    public var tlsa: TLSASetFact

    public init(name: String, preference: Int, implicit: Bool, isCNAME: Bool, cnameChain: [String], a: LookupFact,
                aaaa: LookupFact, addresses: [AddressFact], dnssec: DNSSECFact, tlsa: TLSASetFact) {
        self.name = name
        self.preference = preference
        self.implicit = implicit
        self.isCNAME = isCNAME
        self.cnameChain = cnameChain
        self.a = a
        self.aaaa = aaaa
        self.addresses = addresses
        self.dnssec = dnssec
        self.tlsa = tlsa
    }
}

/// One address of an exchange, with its reverse mapping.
public struct AddressFact: Codable, Sendable, Equatable {
    public var ip: String
    public var family: AddressFamily
    public var ptr: LookupFact
    /// The names the PTR records give, lower-case, without the trailing dot.
    public var ptrNames: [String]
    /// Forward-confirmed reverse DNS: some PTR name resolves back to this address.
    /// Nil when a lookup failed and no confirmation was found, so it cannot be told.
    public var fcrdns: Bool?
    /// For each PTR name, the forward lookup and whether it gave this address back.
    public var forward: [ForwardConfirmationFact]

    public init(ip: String, family: AddressFamily, ptr: LookupFact, ptrNames: [String], fcrdns: Bool?, forward: [ForwardConfirmationFact]) {
        self.ip = ip
        self.family = family
        self.ptr = ptr
        self.ptrNames = ptrNames
        self.fcrdns = fcrdns
        self.forward = forward
    }
}

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

public struct TLSASetFact: Codable, Sendable, Equatable {
    public var name: String
    public var lookup: LookupFact
    public var records: [TLSARecordFact]

    public init(name: String, lookup: LookupFact, records: [TLSARecordFact]) {
        self.name = name
        self.lookup = lookup
        self.records = records
    }
}

/// One TLSA record (RFC 6698 §2.1), the association data in lower-case hex.
public struct TLSARecordFact: Codable, Sendable, Equatable {
    public var usage: Int
    public var selector: Int
    public var matchingType: Int
    public var data: String

    public init(usage: Int, selector: Int, matchingType: Int, data: String) {
        self.usage = usage
        self.selector = selector
        self.matchingType = matchingType
        self.data = data
    }
}
