/// What one DNS lookup came to. Every record set in the facts carries one, so that a
/// failed lookup is never mistaken for a missing record.
public struct LookupFact: Codable, Sendable, Equatable {
    public var name: String
    public var type: String
    public var outcome: LookupOutcome
    /// The response code, when a response arrived (`NOERROR`, `NXDOMAIN`, `SERVFAIL`, ...).
    public var rcode: String?
    /// The resolver set the AD bit (it validated the answer with DNSSEC).
    public var authenticData: Bool
    /// The names a CNAME chain led through from `name`, in order.
    public var cnameChain: [String]
    /// `udp`, or `tcp` when a truncated UDP answer was repeated over TCP.
    public var transport: String?
    public var truncatedOverUDP: Bool
    /// The resolver that gave the answer (or was tried last).
    public var server: String?
    public var attempts: Int
    public var milliseconds: Double
    /// What went wrong, for the failure outcomes.
    public var detail: String?

    public init(name: String, type: String, outcome: LookupOutcome, rcode: String? = nil, authenticData: Bool = false,
                cnameChain: [String] = [], transport: String? = nil, truncatedOverUDP: Bool = false,
                server: String? = nil, attempts: Int = 0, milliseconds: Double = 0, detail: String? = nil) {
        self.name = name
        self.type = type
        self.outcome = outcome
        self.rcode = rcode
        self.authenticData = authenticData
        self.cnameChain = cnameChain
        self.transport = transport
        self.truncatedOverUDP = truncatedOverUDP
        self.server = server
        self.attempts = attempts
        self.milliseconds = milliseconds
        self.detail = detail
    }
}
