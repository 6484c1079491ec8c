/// The answer to one question, with how it was obtained.
public struct DNSAnswer: Sendable {
    public var question: DNSQuestion
    public var outcome: DNSOutcome
    /// The response code's mnemonic, when a response arrived (`NOERROR`, `SERVFAIL`, ...).
    public var rcode: String?
    /// The records of the asked type at the end of the CNAME chain.
    public var records: [DNSRecord]
    /// The names the CNAME chain led through, in order, not counting the name asked.
    public var cnameChain: [String]
    /// The AD bit: a validating resolver vouches for the answer (RFC 4035 §3.2.3).
    public var authenticData: Bool
    /// The AA bit: the server is authoritative for the answer.
    public var authoritative: Bool
    /// The RA bit: the server offers recursion.
    public var recursionAvailable: Bool
    /// RRSIG records came with the answer section.
    public var signaturesPresent: Bool
    /// The transport that carried the answer used; `tcp` after a truncated UDP answer.
    public var transport: DNSTransport
    /// A UDP answer came back truncated (TC) and the query was repeated over TCP.
    public var truncatedOverUDP: Bool
    /// The server that gave the answer (or the last one tried).
    public var server: String?
    /// Attempts made (the first try plus retries and server changes).
    public var attempts: Int
    /// Seconds from the first send to the final answer.
    public var seconds: Double
    /// What went wrong, in words, for every outcome but records/NODATA/NXDOMAIN.
    public var detail: String?
    /// The Extended DNS Errors the resolver attached (RFC 8914).
    public var extendedErrors: [DNSExtendedError]

    public init(question: DNSQuestion, outcome: DNSOutcome, detail: String? = nil) {
        self.question = question
        self.outcome = outcome
        self.rcode = nil
        self.records = []
        self.cnameChain = []
        self.authenticData = false
        self.authoritative = false
        self.recursionAvailable = false
        self.signaturesPresent = false
        self.transport = .udp
        self.truncatedOverUDP = false
        self.server = nil
        self.attempts = 0
        self.seconds = 0
        self.detail = detail
        self.extendedErrors = []
    }
}

extension DNSAnswer {
    /// About how many bytes the answer takes in memory, with its place in the cache: what
    /// the answer cache counts against its capacity. The sum of its strings and arrays,
    /// doubled: a bulk run's anonymous memory grew by about twice that sum per cached
    /// answer (allocator headers, the dictionary's and the queue's slots, fragmentation).
    var estimatedBytes: Int {
        var bytes = 256 + question.name.utf8.count + (server?.utf8.count ?? 0) + (detail?.utf8.count ?? 0)
        bytes += cnameChain.reduce(0) { $0 + 48 + $1.utf8.count }
        bytes += extendedErrors.reduce(0) { $0 + 64 + $1.text.utf8.count }
        for record in records {
            bytes += 96 + record.name.utf8.count
            switch record.data {
            case .a(let text), .aaaa(let text), .cname(let text), .ptr(let text), .ns(let text), .other(let text):
                bytes += text.utf8.count
            case .mx(_, let exchange): bytes += exchange.utf8.count
            case .srv(_, _, _, let target): bytes += target.utf8.count
            case .soa(let mname, let rname, _, _, _, _, _): bytes += mname.utf8.count + rname.utf8.count
            case .tlsa(_, _, _, let data), .ds(_, _, _, let data), .dnskey(_, _, _, let data): bytes += data.count
            case .txt(let strings): bytes += strings.reduce(0) { $0 + 32 + $1.count }
            case .caa(_, let tag, let value): bytes += tag.utf8.count + value.utf8.count
            }
        }
        return 2 * bytes
    }
}
