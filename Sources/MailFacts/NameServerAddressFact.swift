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
