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
    /// The CAA records governing certificates for the exchange's name (RFC 8659 §3); nil
    /// when not asked (an implicit MX).
    public var caa: CAAFact?

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
