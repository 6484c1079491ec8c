import Foundation
import GRDB
import NIOCore
import PostgresNIO

extension HistoryError {
    /// A database error in one line, with what to do. PostgresNIO keeps the server's message
    /// out of its errors' descriptions (they may hold data), so it is read from the fields.
    static func from(_ error: any Error, location: HistoryLocation) -> HistoryError {
        let place = location.display
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                return HistoryError(location: place, "is not a usable SQLite database (\(error.message ?? "damaged"))",
                                    fix: "move the file aside and start a new history, or name another history")
            case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
                return HistoryError(location: place, "cannot be written (\(error.message ?? "\(error.resultCode)"))",
                                    fix: "give a location this user can write, in a folder that exists")
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                var locked = HistoryError(location: place, "stayed locked by another run for too long (\(error.message ?? "busy"))",
                                          fix: "let the other run end, or give each job its own history")
                locked.isLockContention = true
                return locked
            case .SQLITE_FULL:
                return HistoryError(location: place, "the disk is full", fix: "free space, or prune the history (mailaudit history prune)")
            default:
                return HistoryError(location: place, "SQLite error \(error.resultCode): \(error.message ?? "")", fix: "check the file")
            }
        }
        if let error = error as? PSQLError {
            let server = error.serverInfo?[.message]
            switch error.code {
            case .connectionError, .unexpectedBackendMessage, .serverClosedConnection, .uncleanShutdown:
                let cause = Self.connectionCause(error.underlying.map { "\($0)" } ?? "\(error.code)")
                return HistoryError(location: place, "cannot reach PostgreSQL (\(cause))",
                                    fix: "start the server, or check the host, port and sslmode in the URL")
            case .server:
                let sqlState = error.serverInfo?[.sqlState] ?? ""
                let fix: String
                switch sqlState {
                case "28P01", "28000": fix = "check the user and password (the URL, PGPASSWORD, the systemd credential pgpassword or ~/.pgpass) and pg_hba.conf"
                case "3D000": fix = "create the database (createdb), or name an existing one in the URL"
                case "42501": fix = "grant this user CREATE and INSERT on the database"
                default: fix = "check the server's log"
                }
                return HistoryError(location: place, "PostgreSQL refused: \(server ?? "error \(sqlState)") (SQLSTATE \(sqlState))", fix: fix)
            default:
                return HistoryError(location: place, "PostgreSQL: \(server ?? "\(error.code)")", fix: "check the server and the URL")
            }
        }
        return HistoryError(location: place, Self.short("\(error)"), fix: "check the history's location")
    }

    /// NIO's connection errors in a few words: refused, timed out, no such host.
    static func connectionCause(_ text: String) -> String {
        let lower = text.lowercased()
        if lower.contains("connection refused") { return "connection refused" }
        if lower.contains("timed out") || lower.contains("timeout") { return "no answer within 10 s" }
        if lower.contains("name or service not known") || lower.contains("no such host") || lower.contains("nodename nor servname") {
            return "no such host"
        }
        if lower.contains("network is unreachable") { return "network unreachable" }
        if lower.contains("ssl") || lower.contains("tls") { return "TLS failed: " + short(text) }
        return short(text)
    }

    static func short(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? text
        return line.count > 200 ? String(line.prefix(200)) + "…" : line
    }
}
