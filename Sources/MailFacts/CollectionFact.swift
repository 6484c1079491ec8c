/// How the collection went as a whole.
public struct CollectionFact: Codable, Sendable, Equatable {
    /// Every planned lookup ran to an outcome (any outcome, including failures).
    public var complete: Bool
    /// The per-domain deadline, in seconds.
    public var deadlineSeconds: Double
    /// The deadline passed: lookups still open then have the outcome `deadline-exceeded`.
    public var deadlineExceeded: Bool
    /// Wall-clock seconds the collection took.
    public var seconds: Double
    /// Why the domain could not be audited at all, in words (the resolver did not answer,
    /// refused, ...).
    public var error: String?
    /// The same cause as a value, for whoever words the advice.
    public var failure: CollectionFailure?
    /// The domain is DNSSEC-bogus, so these facts were collected again with checking
    /// disabled (CD): they are what the zone publishes, not validated. `dnssec` keeps the
    /// validated verdict.
    public var checkingDisabled: Bool?

    public init(complete: Bool, deadlineSeconds: Double, deadlineExceeded: Bool, seconds: Double, error: String? = nil,
                failure: CollectionFailure? = nil) {
        self.complete = complete
        self.deadlineSeconds = deadlineSeconds
        self.deadlineExceeded = deadlineExceeded
        self.seconds = seconds
        self.error = error
        self.failure = failure
    }
}
