/// A run stopped by a signal before every domain was audited: the report holds the domains
/// that finished, and says so at the top in every format.
public struct RunInterruption: Codable, Sendable, Equatable {
    /// `SIGINT` or `SIGTERM`.
    public var signal: String
    /// Domains audited (judged and reported) before the run stopped.
    public var audited: Int
    /// Domains the run was given.
    public var total: Int
    /// The process's exit status: 128 + the signal's number, as a shell reports it.
    public var exitStatus: Int32

    public init(signal: String, number: Int32, audited: Int, total: Int) {
        self.signal = signal
        self.audited = audited
        self.total = total
        self.exitStatus = 128 + number
    }

    /// "interrupted (SIGINT) after 3 of 10 domains: the report holds only those".
    public var text: String {
        "interrupted (\(signal)) after \(audited) of \(total) domain\(total == 1 ? "" : "s"): this report holds only those"
    }
}
