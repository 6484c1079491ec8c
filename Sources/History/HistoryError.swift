/// Why the history cannot be used, in one line: what, where, what to do.
public struct HistoryError: Error, CustomStringConvertible, Sendable {
    public var location: String
    public var problem: String
    public var fix: String
    /// Another run held the database (SQLITE_BUSY/LOCKED): worth trying again on opening.
    public var isLockContention = false

    public init(location: String, _ problem: String, fix: String) {
        self.location = location
        self.problem = problem
        self.fix = fix
    }

    public var description: String { "history \(location): \(problem); \(fix)" }
}
