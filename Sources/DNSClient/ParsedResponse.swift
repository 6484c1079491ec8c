/// A parsed DNS response, already converted from ldns into Swift values.
struct ParsedResponse: Sendable {
    var id: UInt16
    var isResponse: Bool
    var truncated: Bool
    var authoritative: Bool
    var recursionAvailable: Bool
    var authenticData: Bool
    var rcode: UInt8
    var questionName: String?
    var questionType: DNSType?
    var answer: [DNSRecord]
    /// Extended DNS Errors from the OPT record (RFC 8914), at most a few.
    var extendedErrors: [DNSExtendedError] = []
}
