/// One question to one DNS list: an address of a mail server, or the domain.
public struct DNSBLCheckFact: Codable, Sendable, Equatable {
    /// `<subject> on <zone>`: what a finding about this question is named by.
    public var name: String
    /// The list's zone, as named.
    public var zone: String
    /// What was asked about: an IP address or a domain.
    public var subject: String
    /// The MX host the address belongs to (nil for a domain, or a test entry).
    public var exchange: String?
    /// The A lookup of the query name (`2.0.0.127.zen.spamhaus.org`).
    public var lookup: LookupFact
    public var status: DNSBLCheckStatus
    /// The A records' codes, decoded.
    public var codes: [DNSBLCodeFact]
    /// The list's TXT record for a listing (RFC 5782 §2.1: why it is listed), when it has one.
    public var reason: String?

    public init(zone: String, subject: String, exchange: String? = nil, lookup: LookupFact, status: DNSBLCheckStatus,
                codes: [DNSBLCodeFact] = [], reason: String? = nil) {
        self.name = "\(subject) on \(zone)"
        self.zone = zone
        self.subject = subject
        self.exchange = exchange
        self.lookup = lookup
        self.status = status
        self.codes = codes
        self.reason = reason
    }
}
