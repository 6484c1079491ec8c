/// What a run's DNSSEC validation cost (`--stats`): validations asked of the validator, and
/// the queries libunbound sent for them (through its relay) with those left unanswered (no
/// resolver answered within `--timeout`, or dropped while they waited for their `--qps` slot).
public struct DNSSECValidatorStatistics: Sendable, Equatable {
    public var validations: Int
    public var queries: Int
    public var unanswered: Int

    public init(validations: Int, queries: Int, unanswered: Int) {
        self.validations = validations
        self.queries = queries
        self.unanswered = unanswered
    }
}
