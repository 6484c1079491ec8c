/// Whether a probe ran (shaped like a lookup: `outcome` and `detail`).
public struct ProbeRunFact: Codable, Sendable, Equatable {
    public var outcome: ProbeRunOutcome
    public var detail: String?

    public init(outcome: ProbeRunOutcome = .done, detail: String? = nil) {
        self.outcome = outcome
        self.detail = detail
    }
}
