/// When to send a UDP query again: the retransmission timer of one server, from the round
/// trips measured to it, as TCP computes it (RFC 6298 §2: smoothed round trip plus four
/// times its variation) and as stub and recursive resolvers do for DNS (RFC 1536 §1 asks
/// for exactly this instead of a fixed interval). A lost query to a resolver 1 ms away then
/// costs tens of milliseconds instead of the whole per-try timeout.
///
/// A sample is taken only from an answer whose send is known: every retransmission carries
/// a new ID, so an answer names the send it answers (the ambiguity Karn's algorithm avoids
/// by dropping samples does not arise). Each retransmission of a try doubles the interval
/// (back-off), and the per-try timeout bounds it all.
public struct RoundTripTimer: Sendable, Equatable {
    /// The first interval, before any answer was measured (RFC 6298 §2.1 uses 1 s; a DNS
    /// resolver normally answers far sooner, and the per-try timeout still bounds it).
    public static let initial = 0.4
    /// The shortest interval: a recursive resolver may need a hundred milliseconds or more
    /// for a name it has not cached even when it answers cached names in microseconds, and
    /// every early retransmission is one more query to it.
    public static let minimum = 0.1
    /// The longest interval, whatever was measured (the per-try timeout may be shorter).
    public static let maximum = 3.0

    private(set) var smoothed: Double?
    private(set) var variation = 0.0

    public init() {}

    /// Records the round trip of one answered send.
    public mutating func record(_ sample: Double) {
        let sample = max(0, sample)
        guard let current = smoothed else {
            smoothed = sample
            variation = sample / 2
            return
        }
        variation = 0.75 * variation + 0.25 * abs(current - sample)
        smoothed = 0.875 * current + 0.125 * sample
    }

    /// The interval before the first retransmission of a try: RFC 6298's smoothed round trip
    /// plus four times its variation, but at least twice the smoothed round trip. (At 50 ms,
    /// the plain formula came within a few milliseconds of the round trip itself, and 13% of
    /// the queries were sent twice for nothing: a resolver's answer time varies more than the
    /// estimator sees between bursts.)
    public var interval: Double {
        guard let smoothed else { return Self.initial }
        return min(Self.maximum, max(Self.minimum, 2 * smoothed, smoothed + 4 * variation))
    }

    /// The interval before retransmission number `count` (1 for the first): doubled each time.
    public func interval(retransmission count: Int) -> Double {
        min(Self.maximum, interval * Double(1 << min(max(0, count - 1), 6)))
    }
}
