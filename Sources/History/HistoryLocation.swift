import Foundation

/// Where the history lives: a SQLite file (a path, the default) or a PostgreSQL database
/// (`postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=...&host=SOCKET-DIR]`, the
/// libpq URL form).
public enum HistoryLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    public init(_ text: String) throws(HistoryError) {
        let lower = text.lowercased()
        guard lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") else {
            guard !text.isEmpty else { throw HistoryError(location: text, "no location given", fix: "give a file path or a postgres:// URL") }
            self = .sqlite(path: text)
            return
        }
        self = .postgres(try PostgresLocation(text))
    }

    /// The location as messages show it: never with the password.
    public var display: String {
        switch self {
        case .sqlite(let path): return path
        case .postgres(let location): return location.display
        }
    }
}
