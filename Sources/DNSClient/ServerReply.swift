/// What one authoritative server said to one query, as the name-server checks read it:
/// the header flags and every section, not an answer interpreted for a resolver's client.
public struct ServerReply: Sendable {
    public enum Outcome: Sendable, Equatable {
        case response
        case timeout
        /// The connection failed or was closed before an answer (the text says how).
        case networkError(String)
        /// Bytes came back that are not a DNS message, or not the answer to this query.
        case malformed(String)
    }

    public var outcome: Outcome
    /// AA, RA and TC (RFC 1035 §4.1.1).
    public var authoritative = false
    public var recursionAvailable = false
    public var truncated = false
    /// The whole RCODE: the header's 4 bits and the OPT record's upper 8 (RFC 6891 §6.1.3),
    /// so BADVERS is 16.
    public var rcode: UInt16 = 0
    public var answer: [DNSRecord] = []
    public var authority: [DNSRecord] = []
    public var additional: [DNSRecord] = []
    /// Whether the reply carried an OPT record, and its version.
    public var hasEDNS = false
    public var ednsVersion: UInt8 = 0

    public init(outcome: Outcome) {
        self.outcome = outcome
    }

    /// The RCODE's mnemonic (`NOERROR`, `REFUSED`, `BADVERS`, ...).
    public var rcodeName: String {
        rcode == 16 ? "BADVERS" : rcode < 16 ? LDNSWire.rcodeName(UInt8(rcode)) : "RCODE\(rcode)"
    }

    init(_ result: ExchangeResult) {
        switch result {
        case .timeout: self.init(outcome: .timeout)
        case .networkError(let text): self.init(outcome: .networkError(text))
        case .malformed(let text): self.init(outcome: .malformed(text))
        case .response(let response):
            self.init(outcome: .response)
            authoritative = response.authoritative
            recursionAvailable = response.recursionAvailable
            truncated = response.truncated
            rcode = UInt16(response.extendedRcode) << 4 | UInt16(response.rcode & 0x0f)
            answer = response.answer
            authority = response.authority
            additional = response.additional
            hasEDNS = response.hasEDNS
            ednsVersion = response.ednsVersion
        }
    }
}
