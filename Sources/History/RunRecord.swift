import Reports

/// One run as the history keeps it.
public struct RunRecord: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable {
        /// Written at the start: a run that was killed, or is still going, stays so.
        case incomplete
        case complete
    }

    public var id: Int64
    public var startedAt: String
    public var finishedAt: String?
    public var status: Status
    public var toolVersion: String
    public var profile: String
    /// SHA-256 of the rules and profile the run judged with: a changed digest explains
    /// findings that changed without the domain changing.
    public var rulesDigest: String
    /// The options that change results (resolver, probes, selectors, ...).
    public var options: [String: String]
    public var host: String
    public var domains: Int
    public var exitStatus: Int32?
    /// The findings that did not pass across its domains (`history list`).
    public var findings: Totals?
    /// What the run's list said about itself: lines that could not be used, repeated domains
    /// (nil when nothing, and for runs recorded before schema 3).
    public var input: RunInput?
    /// How long the run took, in milliseconds (runs that finished, from schema 3).
    public var durationMilliseconds: Int64?

    public struct Totals: Codable, Sendable, Equatable {
        public var fail: Int
        public var warn: Int
        public var error: Int
        /// Domains that could not be audited at all.
        public var notAudited: Int
    }
}
