/// The sockets of a caller that queries on its own thread (see `StubResolver.blockingAnswer`).
/// Not Sendable: keep it on the thread that made it.
public final class DNSBlockingSession {
    let exchange = WireExchange()
    public init() {}
}
