import Foundation
import GRDB

/// The history in a SQLite file, through GRDB: a DatabasePool (WAL, so a reader never waits
/// for a writer), a busy timeout so two overlapping cron runs take turns instead of failing,
/// and every write in a BEGIN IMMEDIATE transaction (a write that starts as a read could not
/// wait its turn: SQLite answers SQLITE_BUSY at once to a deferred transaction that must
/// upgrade its lock).
final class SQLiteHistoryDatabase: HistoryDatabase {
    let dialect = SQLDialect.sqlite
    private let pool: DatabasePool

    init(path: String, busyTimeout: TimeInterval = 60) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.label = "mailaudit history"
        // In WAL mode, NORMAL syncs at checkpoints, not at every commit: a power cut may lose
        // the last domains written, never the database's consistency (SQLite's documentation
        // on WAL), and a night's run does not wait for a disk flush per domain.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        // A new history is readable by its owner and group only, whatever the umask: it holds
        // every audited domain's mail set-up. (SQLite gives its -wal and -shm files the
        // database file's mode.) An existing file keeps the mode its admin gave it.
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o640])
        }
        pool = try DatabasePool(path: path, configuration: configuration)
    }

    func query(_ statement: SQLStatement) async throws -> [[SQLValue]] {
        try await pool.read { db in try Self.rows(db, statement) }
    }

    func transaction(_ statements: [SQLStatement]) async throws -> [[SQLValue]] {
        try await pool.writeWithoutTransaction { db in
            var last: [[SQLValue]] = []
            try db.inTransaction(.immediate) {
                for statement in statements { last = try Self.rows(db, statement) }
                return .commit
            }
            return last
        }
    }

    func close() async {
        try? pool.close()
    }

    private static func rows(_ db: Database, _ statement: SQLStatement) throws -> [[SQLValue]] {
        let arguments = StatementArguments(statement.values.map { value -> (any DatabaseValueConvertible)? in
            switch value {
            case .integer(let v): return v
            case .text(let v): return v
            case .blob(let v): return Data(v)
            case .null: return nil
            }
        })
        return try Row.fetchAll(db, sql: statement.sql, arguments: arguments).map { row in
            row.databaseValues.map { value in
                switch value.storage {
                case .null: return .null
                case .int64(let v): return .integer(v)
                case .double(let v): return .integer(Int64(v))
                case .string(let v): return .text(v)
                case .blob(let v): return .blob([UInt8](v))
                }
            }
        }
    }
}
