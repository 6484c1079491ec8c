import Foundation

public struct PostgresLocation: Sendable, Equatable {
    public enum TLSMode: String, Sendable { case disable, prefer, require, verifyFull = "verify-full" }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// `?host=/run/postgresql` (a directory, as libpq takes it): the server's Unix socket.
    public var unixSocketPath: String?

    init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(HistoryError) {
        let hidden = Self.hidePassword(text)
        guard let url = URLComponents(string: text) else {
            throw HistoryError(location: hidden, "not a URL", fix: "write it as postgres://USER@HOST:PORT/DATABASE")
        }
        let query = Dictionary((url.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, b in b })
        let defaultUser = environment["PGUSER"] ?? environment["USER"] ?? "postgres"
        user = url.user.flatMap { $0.isEmpty ? nil : $0 } ?? defaultUser
        password = url.password
        port = url.port ?? 5432
        host = url.host.flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
        database = path.isEmpty ? user : path
        if let directory = query["host"], directory.hasPrefix("/") {
            unixSocketPath = "\(directory)/.s.PGSQL.\(port)"
        }
        if password == nil {
            // libpq's password file names a socket by its directory, and Debian's default
            // directory also as "localhost".
            let directory = query["host"] ?? ""
            let fileHost = unixSocketPath == nil ? host : (["/var/run/postgresql", "/run/postgresql"].contains(directory) ? "localhost" : directory)
            password = PostgresPasswordSource.password(host: fileHost, port: port, database: database, user: user, environment: environment)
        }
        let mode = query["sslmode"] ?? "prefer"
        switch mode {
        case "disable": tls = .disable
        case "allow", "prefer": tls = .prefer
        case "require", "verify-ca": tls = mode == "require" ? .require : .verifyFull
        case "verify-full": tls = .verifyFull
        default:
            throw HistoryError(location: hidden, "sslmode=\(mode) is not one of disable, prefer, require, verify-full",
                               fix: "use one of those, as libpq does")
        }
        for name in query.keys.sorted() where !["host", "sslmode"].contains(name) {
            throw HistoryError(location: hidden, "unknown URL parameter '\(name)'",
                               fix: "only sslmode and host (a socket directory) are read; give the password in PGPASSWORD, systemd's credential pgpassword or ~/.pgpass")
        }
    }

    var display: String {
        var text = "postgres://\(user)@"
        text += unixSocketPath == nil ? "\(host):\(port)" : ""
        text += "/\(database)"
        if let socket = unixSocketPath { text += "?host=\((socket as NSString).deletingLastPathComponent)" }
        return text
    }

    /// A URL as messages may show it: scheme, user, host and path, never a password (in the
    /// user part, which may itself hold '@', or in the query).
    static func hidePassword(_ text: String) -> String {
        guard let scheme = text.range(of: "://") else { return text }
        var rest = text[scheme.upperBound...]
        if let query = rest.firstIndex(of: "?") { rest = rest[..<query] }
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        let path = rest[authorityEnd...]
        if let at = authority.lastIndex(of: "@") {
            let user = authority[..<at].split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
            authority = Substring(user + authority[at...])
        }
        return String(text[..<scheme.upperBound]) + authority + path
    }
}
