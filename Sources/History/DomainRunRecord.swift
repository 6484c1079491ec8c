import Reports

/// One domain in one run: its counts without the documents (for lists and timelines).
public struct DomainRunSummary: Codable, Sendable, Equatable {
    public var runID: Int64
    public var domain: String
    public var collectedAt: String
    public var exitStatus: Int32
    public var pass: Int, info: Int, warn: Int, fail: Int, error: Int
    public var collectionError: String?
    /// The fewest days any certificate of the domain's servers had left.
    public var certificateDaysMin: Int?
}
