import Foundation

/// The little a history needs from a SQL database; SQLite (GRDB) and PostgreSQL (PostgresNIO)
/// each implement it, so one store, one schema and one set of tests serve both.
protocol HistoryDatabase: Sendable {
    var dialect: SQLDialect { get }
    /// Runs a query (or a statement with RETURNING) and gives its rows.
    func query(_ statement: SQLStatement) async throws -> [[SQLValue]]
    /// Runs the statements in one transaction that takes the write lock first (SQLite's
    /// BEGIN IMMEDIATE, PostgreSQL's advisory lock for migrations), so that overlapping runs
    /// serialise instead of failing. The last statement's rows are returned.
    func transaction(_ statements: [SQLStatement]) async throws -> [[SQLValue]]
    func close() async
}
