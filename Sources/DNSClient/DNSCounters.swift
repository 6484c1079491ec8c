/// The counters behind `DNSStatistics`, shared by the worker threads and the cache.
final class DNSCounters: Sendable {
    private let state = LockedState(DNSStatistics())

    func add(_ change: (inout DNSStatistics) -> Void) {
        state.withLock { change(&$0) }
    }

    var snapshot: DNSStatistics { state.withLock { $0 } }
}
