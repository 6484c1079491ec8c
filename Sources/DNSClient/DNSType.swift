/// A DNS RR type (RFC 1035 §3.2.2 and later registrations), by number, with the
/// mnemonics mailaudit asks for. Any other type can be queried by number (`TYPE65`).
public struct DNSType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let A = DNSType(rawValue: 1)
    public static let NS = DNSType(rawValue: 2)
    public static let CNAME = DNSType(rawValue: 5)
    public static let SOA = DNSType(rawValue: 6)
    public static let PTR = DNSType(rawValue: 12)
    public static let MX = DNSType(rawValue: 15)
    public static let TXT = DNSType(rawValue: 16)
    public static let AAAA = DNSType(rawValue: 28)
    public static let SRV = DNSType(rawValue: 33)
    public static let DS = DNSType(rawValue: 43)
    public static let RRSIG = DNSType(rawValue: 46)
    public static let NSEC = DNSType(rawValue: 47)
    public static let DNSKEY = DNSType(rawValue: 48)
    public static let NSEC3 = DNSType(rawValue: 50)
    public static let TLSA = DNSType(rawValue: 52)
    /// The SPF RR type (RFC 4408), deprecated by RFC 7208 §3.1 but still worth detecting.
    public static let SPF = DNSType(rawValue: 99)
    public static let CAA = DNSType(rawValue: 257)
    /// A zone transfer (RFC 5936): asked only to see whether a server hands one out.
    public static let AXFR = DNSType(rawValue: 252)

    private static let mnemonics: [(String, DNSType)] = [
        ("A", .A), ("NS", .NS), ("CNAME", .CNAME), ("SOA", .SOA), ("PTR", .PTR), ("MX", .MX),
        ("TXT", .TXT), ("AAAA", .AAAA), ("SRV", .SRV), ("DS", .DS), ("RRSIG", .RRSIG),
        ("NSEC", .NSEC), ("DNSKEY", .DNSKEY), ("NSEC3", .NSEC3), ("TLSA", .TLSA), ("SPF", .SPF),
        ("CAA", .CAA), ("AXFR", .AXFR),
    ]

    /// Parses a mnemonic (`MX`, case-insensitive) or the RFC 3597 form `TYPE123`.
    public init?(_ text: String) {
        let upper = text.uppercased()
        if let known = Self.mnemonics.first(where: { $0.0 == upper }) {
            self = known.1
        } else if upper.hasPrefix("TYPE"), let number = UInt16(upper.dropFirst(4)) {
            self.init(rawValue: number)
        } else {
            return nil
        }
    }

    public var description: String {
        Self.mnemonics.first(where: { $0.1 == self })?.0 ?? "TYPE\(rawValue)"
    }
}
