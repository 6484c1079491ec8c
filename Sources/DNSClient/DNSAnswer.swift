/// What a query came to. Every answer is exactly one of these, so that "the lookup
/// failed" can never be read as "there is no record".
public enum DNSOutcome: String, Sendable, Hashable, CaseIterable {
    /// NOERROR with at least one record of the asked type (after following CNAMEs).
    case records
    /// NOERROR, the name exists, but holds no record of the asked type (RFC 2308 §2.2).
    case nodata
    /// The name does not exist (RCODE 3, RFC 2308 §2.1).
    case nxdomain
    /// The resolver could not get an answer (RCODE 2), e.g. a DNSSEC validation failure.
    case servfail
    /// The resolver declined to answer (RCODE 5).
    case refused
    /// Any other RCODE (FORMERR, NOTIMP, ...); `DNSAnswer.rcode` names it.
    case otherRcode = "other-rcode"
    /// No answer within the timeout, after every retry.
    case timeout
    /// The query could not be sent or the answer not received (e.g. connection refused).
    case networkError = "network-error"
    /// An answer arrived but could not be parsed as a DNS message.
    case malformed
    /// The query name is not a valid domain name, so nothing was sent.
    case invalidName = "invalid-name"
    /// The caller stopped waiting (the domain's deadline passed) before an answer came.
    case cancelled

    /// True when the resolver gave a definite answer about the name (records, NODATA, NXDOMAIN).
    public var isDefinite: Bool { self == .records || self == .nodata || self == .nxdomain }
}

public enum DNSTransport: String, Sendable, Hashable {
    case udp, tcp
}

/// The data of one resource record, converted from ldns into Swift values at once.
public enum DNSRData: Sendable, Hashable {
    case a(String)
    case aaaa(String)
    case mx(preference: UInt16, exchange: String)
    /// The character-strings of a TXT (or SPF) record, each as its raw bytes (RFC 1035 §3.3.14).
    case txt([[UInt8]])
    case cname(String)
    case ptr(String)
    case ns(String)
    case soa(mname: String, rname: String, serial: UInt32, refresh: UInt32, retry: UInt32, expire: UInt32, minimum: UInt32)
    case srv(priority: UInt16, weight: UInt16, port: UInt16, target: String)
    case tlsa(usage: UInt8, selector: UInt8, matchingType: UInt8, data: [UInt8])
    /// Any other type, in presentation format.
    case other(String)
}

public struct DNSRecord: Sendable, Hashable {
    public var name: String
    public var type: DNSType
    public var ttl: UInt32
    public var data: DNSRData

    public init(name: String, type: DNSType, ttl: UInt32, data: DNSRData) {
        self.name = name
        self.type = type
        self.ttl = ttl
        self.data = data
    }

    /// The TXT character-strings joined as RFC 7208 §3.3 says: concatenated with no
    /// separator. Bytes that are not UTF-8 become U+FFFD.
    public var joinedText: String? {
        guard case .txt(let strings) = data else { return nil }
        return String(decoding: strings.joined(), as: UTF8.self)
    }
}

public struct DNSQuestion: Hashable, Sendable, CustomStringConvertible {
    /// The name as asked, absolute and lower-cased (`example.org.`).
    public var name: String
    public var type: DNSType
    /// The CD (checking disabled) bit, RFC 4035 §3.2.2.
    public var checkingDisabled: Bool

    public init(name: String, type: DNSType, checkingDisabled: Bool = false) {
        self.name = DNSName.absolute(name)
        self.type = type
        self.checkingDisabled = checkingDisabled
    }

    public var description: String { "\(name) \(type)\(checkingDisabled ? " +cd" : "")" }
}

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
    }
}
