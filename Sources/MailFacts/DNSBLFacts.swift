/// The DNS blocklists (DNSBLs, RFC 5782) asked about the mail servers' addresses and, for
/// domain lists, the domain itself. Opt-in (`--dnsbl`, `--dbl`): lists have usage policies,
/// so none is asked unless named. Nil when no list was named.
public struct DNSBLFacts: Codable, Sendable, Equatable {
    /// Each list named, with what its test entries (RFC 5782 §5) said of it.
    public var lists: [DNSBLListFact]
    /// Each question to each list: every MX address on each IP list, the domain on each
    /// domain list.
    public var checks: [DNSBLCheckFact]

    public init(lists: [DNSBLListFact], checks: [DNSBLCheckFact]) {
        self.lists = lists
        self.checks = checks
    }
}
