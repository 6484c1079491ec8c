/// A DNSSEC algorithm (IANA "DNS Security Algorithm Numbers"): its number and mnemonic.
public struct DNSSECAlgorithmFact: Codable, Sendable, Equatable {
    public var number: Int
    public var name: String

    public init(number: Int) {
        self.number = number
        self.name = Self.mnemonics[number] ?? "ALG\(number)"
    }

    static let mnemonics: [Int: String] = [
        1: "RSAMD5", 3: "DSA", 5: "RSASHA1", 6: "DSA-NSEC3-SHA1", 7: "RSASHA1-NSEC3-SHA1", 8: "RSASHA256",
        10: "RSASHA512", 12: "ECC-GOST", 13: "ECDSAP256SHA256", 14: "ECDSAP384SHA384", 15: "ED25519", 16: "ED448",
        17: "SM2SM3", 23: "ECC-GOST12", 253: "PRIVATEDNS", 254: "PRIVATEOID",
    ]
}
