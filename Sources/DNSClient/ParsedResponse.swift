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
    /// Read only when asked (`LDNSWire.parse(_:allSections:)`): the authority and additional
    /// sections, whether an OPT record came back, its version and the upper 8 bits of the
    /// RCODE it carries (RFC 6891 §6.1.3).
    var authority: [DNSRecord] = []
    var additional: [DNSRecord] = []
    var hasEDNS = false
    var ednsVersion: UInt8 = 0
    var extendedRcode: UInt8 = 0
}
