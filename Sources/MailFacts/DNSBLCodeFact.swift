/// One address a DNS list answered with, and what it means by the data file of known lists.
public struct DNSBLCodeFact: Codable, Sendable, Equatable {
    /// The A record's address (`127.0.0.2`); a code, never an address to connect to (RFC 5782 §2.1).
    public var address: String
    /// `listed`, `refused` or `unexpected-answer` (outside 127.0.0.0/8); no other status.
    public var kind: DNSBLCheckStatus
    /// The list's meaning of the code (`SBL: a spam source`); nil when the data file does not say.
    public var meaning: String?

    public init(address: String, kind: DNSBLCheckStatus, meaning: String? = nil) {
        self.address = address
        self.kind = kind
        self.meaning = meaning
    }
}
