/// How the DNS client asks: which resolvers, how long to wait, how often to retry.
public struct DNSClientConfiguration: Sendable {
    /// The resolvers, tried in order; a resolver that fails is skipped for the rest of a query.
    public var servers: [DNSServer]
    /// Seconds to wait for one answer from one server (per try).
    public var timeout: Double
    /// Further rounds over the servers after the first, for timeouts only.
    public var retries: Int
    /// The EDNS0 UDP payload size advertised (RFC 6891 §6.2.5); 1232 as DNS Flag Day 2020
    /// recommends. 0 sends no OPT record.
    public var ednsUDPSize: UInt16
    /// Set the DO bit (RFC 3225) so that a validating resolver reports the AD bit and signatures.
    public var dnssecOK: Bool
    /// Dedicated threads that wait on the sockets (never the cooperative pool). Each keeps
    /// up to 256 queries in flight; 2 gave the most queries per second on 2 cores (README).
    public var workers: Int
    /// Keep answers for the client's lifetime (one run) and share them between lookups
    /// of the same question, up to `cacheCapacity` bytes of them (the oldest are dropped first).
    public var cachesAnswers: Bool
    /// The most the cache holds, in bytes (an estimate of each answer's size in memory):
    /// a bound that holds however many domains a run has; the oldest answers go first.
    public var cacheCapacity: Int
    /// At most this many queries a second to the resolvers over the whole run (`--qps`);
    /// nil for as fast as answers come. TCP exchanges (after truncation) are not paced.
    public var queriesPerSecond: Double? {
        didSet { pacer = queriesPerSecond.map { SendPacer(queriesPerSecond: $0) } }
    }
    /// The schedule of `queriesPerSecond`, one for the run: every copy of the configuration
    /// shares it, so the stub resolver and the DNSSEC validator's relay keep to one rate together.
    public private(set) var pacer: SendPacer?

    public init(servers: [DNSServer], timeout: Double = 2, retries: Int = 1, ednsUDPSize: UInt16 = 1232,
                dnssecOK: Bool = true, workers: Int = 2, cachesAnswers: Bool = true, cacheCapacity: Int = 4 << 20,
                queriesPerSecond: Double? = nil) {
        self.cacheCapacity = cacheCapacity
        self.queriesPerSecond = queriesPerSecond
        pacer = queriesPerSecond.map { SendPacer(queriesPerSecond: $0) }
        self.servers = servers
        self.timeout = timeout
        self.retries = retries
        self.ednsUDPSize = ednsUDPSize
        self.dnssecOK = dnssecOK
        self.workers = workers
        self.cachesAnswers = cachesAnswers
    }
}
