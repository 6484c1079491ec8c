/// The DNS client of a run, a stub resolver (RFC 1034 §5.3.1): asks the configured
/// recursive resolvers through ldns-built messages on dedicated threads, many questions in
/// flight at once, with one shared answer cache (make one per run).
public final class StubResolver: DNSLookup {
    public let configuration: DNSClientConfiguration
    private let pool: QueryWorkerPool
    private let cache: AnswerCache
    private let counters = DNSCounters()

    public init(configuration: DNSClientConfiguration) {
        self.configuration = configuration
        self.pool = QueryWorkerPool(threads: configuration.workers, configuration: configuration, counters: counters)
        self.cache = AnswerCache(keepsAnswers: configuration.cachesAnswers, capacity: configuration.cacheCapacity, counters: counters)
    }

    deinit {
        pool.close()
    }

    public func answer(_ question: DNSQuestion) async -> DNSAnswer {
        let pool = self.pool
        return await cache.answer(for: question) { completion in
            pool.submit(.init(question: question, completion: completion))
        }
    }

    /// Runs one question on the calling thread, without cache or worker threads: for
    /// sequential measurements and tools that are single-threaded anyway.
    public static func blockingAnswer(_ question: DNSQuestion, configuration: DNSClientConfiguration,
                                      session: DNSBlockingSession) -> DNSAnswer {
        QueryRunner(configuration: configuration).run(question, using: session.exchange)
    }

    /// Answers stored in the cache now.
    public var cachedAnswerCount: Int { cache.count }

    /// What the client did so far in this run: questions, shared answers, queries sent.
    public var statistics: DNSStatistics { counters.snapshot }
}
