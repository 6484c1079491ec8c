import Logging
import NIOCore
import NIOSSL
import PostgresNIO

/// The history in PostgreSQL, through PostgresNIO's connection pool: for fleets, where
/// several machines or jobs write one history. Migrations take an advisory lock, so two
/// first runs do not both create the schema.
final class PostgresHistoryDatabase: HistoryDatabase {
    let dialect = SQLDialect.postgres
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    /// PostgresNIO logs through swift-log; mailaudit's own messages say what matters.
    private let logger = Logger(label: "mailaudit.history", factory: { _ in SwiftLogNoOpLogHandler() })

    init(_ location: PostgresLocation) {
        var configuration: PostgresClient.Configuration
        if let socket = location.unixSocketPath {
            configuration = .init(unixSocketPath: socket, username: location.user, password: location.password, database: location.database)
        } else {
            let tls: PostgresClient.Configuration.TLS
            switch Self.tlsChoice(location.tls) {
            case .none: tls = .disable
            case .some((let settings, let required)): tls = required ? .require(settings) : .prefer(settings)
            }
            configuration = .init(host: location.host, port: location.port, username: location.user, password: location.password,
                                  database: location.database, tls: tls)
        }
        configuration.options.connectTimeout = .seconds(10)
        configuration.options.maximumConnections = 4
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        runner = Task { await client.run() }
    }

    /// The TLS settings of an sslmode, and whether TLS is required; nil for disable. As libpq:
    /// prefer and require encrypt without checking the certificate; verify-full checks it
    /// against the system's trust store and the host name.
    static func tlsChoice(_ mode: PostgresLocation.TLSMode) -> (TLSConfiguration, required: Bool)? {
        switch mode {
        case .disable: return nil
        case .prefer, .require:
            var unverified = TLSConfiguration.makeClientConfiguration()
            unverified.certificateVerification = .none
            return (unverified, mode == .require)
        case .verifyFull: return (.makeClientConfiguration(), true)
        }
    }

    /// One connection made and closed before the pool is used: the pool retries a server
    /// that cannot be reached for as long as a query waits, while this fails at once with
    /// the reason (refused, unknown database, bad password).
    static func probe(_ location: PostgresLocation) async throws {
        var configuration: PostgresConnection.Configuration
        if let socket = location.unixSocketPath {
            configuration = .init(unixSocketPath: socket, username: location.user, password: location.password, database: location.database)
        } else {
            let tls: PostgresConnection.Configuration.TLS
            switch tlsChoice(location.tls) {
            case .none: tls = .disable
            case .some((let settings, let required)):
                let context = try NIOSSLContext(configuration: settings)
                tls = required ? .require(context) : .prefer(context)
            }
            configuration = .init(host: location.host, port: location.port, username: location.user, password: location.password,
                                  database: location.database, tls: tls)
        }
        configuration.options.connectTimeout = .seconds(10)
        let logger = Logger(label: "mailaudit.history", factory: { _ in SwiftLogNoOpLogHandler() })
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        try? await connection.close()
    }

    func query(_ statement: SQLStatement) async throws -> [[SQLValue]] {
        try await Self.collect(client.query(Self.postgresQuery(statement), logger: logger))
    }

    func transaction(_ statements: [SQLStatement]) async throws -> [[SQLValue]] {
        let logger = self.logger
        return try await client.withTransaction(logger: logger) { connection in
            var last: [[SQLValue]] = []
            for statement in statements {
                last = try await Self.collect(connection.query(Self.postgresQuery(statement), logger: logger))
            }
            return last
        }
    }

    func close() async {
        runner.cancel()
        _ = await runner.value
    }

    /// `?` placeholders become `$1`, `$2`, ... (the history's SQL has no `?` in literals).
    static func postgresQuery(_ statement: SQLStatement) -> PostgresQuery {
        var sql = ""
        var index = 0
        for character in statement.sql {
            if character == "?" {
                index += 1
                sql += "$\(index)"
            } else {
                sql.append(character)
            }
        }
        var bindings = PostgresBindings()
        for value in statement.values {
            switch value {
            case .integer(let v): bindings.append(v)
            case .text(let v): bindings.append(v)
            case .blob(let v): bindings.append(ByteBuffer(bytes: v))
            case .null: bindings.appendNull()
            }
        }
        return PostgresQuery(unsafeSQL: sql, binds: bindings)
    }

    static func collect(_ rows: PostgresRowSequence) async throws -> [[SQLValue]] {
        var out: [[SQLValue]] = []
        for try await row in rows {
            var values: [SQLValue] = []
            for cell in row {
                guard var bytes = cell.bytes else { values.append(.null); continue }
                switch cell.dataType {
                case .int2, .int4, .int8: values.append(.integer(try cell.decode(Int64.self)))
                case .bytea: values.append(.blob(bytes.readBytes(length: bytes.readableBytes) ?? []))
                default: values.append(.text(try cell.decode(String.self)))
                }
            }
            out.append(values)
        }
        return out
    }
}
