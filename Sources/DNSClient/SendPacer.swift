/// At most `rate` queries a second over a whole run, shared by every worker thread
/// (`--qps`): a schedule of slots 1/rate apart. A send takes a slot only when it goes out
/// (nothing is reserved ahead, so a query that is no longer needed holds no slot); a sender
/// that comes late may use the two slots it missed, so that the run's average keeps to the
/// rate without bursts above it.
public final class SendPacer: Sendable {
    private let spacing: Double
    private let next = LockedState(0.0)

    public init(queriesPerSecond rate: Double) {
        spacing = 1 / max(rate, 0.001)
    }

    /// Takes the slot for one send now and returns nil, or returns when the next slot comes
    /// (taking nothing).
    public func take(now: Double) -> Double? {
        next.withLock { next in
            let slot = max(next, now - 2 * spacing)
            guard slot <= now else { return slot }
            next = slot + spacing
            return nil
        }
    }
}
