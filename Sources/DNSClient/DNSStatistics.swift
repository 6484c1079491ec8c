/// What a run's DNS client did, counted as it goes (for `audit --stats`, the progress line
/// and the bulk benchmark): questions asked of it, how many the answer cache or a query
/// already under way answered, and the datagrams and connections that went to the resolvers.
public struct DNSStatistics: Sendable, Equatable {
    /// Questions the collector asked (one per `answer(_:)`).
    public var questions = 0
    /// Of those, answered from the run's cache or by joining a query already in flight.
    public var sharedAnswers = 0
    /// Queries sent over UDP, retransmissions included.
    public var udpQueries = 0
    /// Of those, retransmissions of a try whose answer was late (the round-trip timer).
    public var retransmissions = 0
    /// Queries sent over TCP (after a truncated answer).
    public var tcpQueries = 0
    /// Tries that ended without an answer within the per-try timeout.
    public var timeouts = 0

    public init() {}

    /// Every query sent to a resolver, over either transport.
    public var queriesSent: Int { udpQueries + tcpQueries }
}
