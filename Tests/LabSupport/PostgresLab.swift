import Foundation
import Testing

/// The lab's PostgreSQL server (Tests/lab/postgres.sh) for the run history's tests: started
/// once per test process, like the lab; each test takes a fresh database of its own.
public enum PostgresLab {
    private static let started: Result<Void, Lab.StartError> = {
        let script = Lab.packageRoot.appendingPathComponent("Tests/lab/postgres.sh").path
        let result = Run.command(["/bin/bash", script, "start"], timeout: 90)
        guard result.status == 0 else {
            return .failure(Lab.StartError(description: """
                the lab's PostgreSQL did not start (exit \(result.status)); it needs the postgresql package \
                (scripts/setup.sh --lab) and root or the postgres user.
                \(result.stdout)\(result.stderr)
                """))
        }
        return .success(())
    }()

    /// The server's address (NET.60:5432).
    public static var host: String { Lab.address(60) }

    public static func url(database: String) -> String { "postgres://postgres@\(host):5432/\(database)?sslmode=disable" }

    /// Starts the server unless this process already did (skipped where the lab is not
    /// expected, as `Lab.start()`), and creates an empty database for the caller.
    public static func freshDatabase() async throws -> String {
        try await Lab.skipUnlessExpected()
        let result = await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: started) }.start()
        }
        try result.get()
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let created = await Run.program(["/usr/bin/env", "psql", url(database: "postgres"), "-v", "ON_ERROR_STOP=1", "-q",
                                         "-c", "CREATE DATABASE \(name)"], timeout: 30)
        guard created.status == 0 else {
            throw Lab.StartError(description: "creating a test database failed: \(created.stderr)")
        }
        return url(database: name)
    }

    /// Runs SQL on a database through psql (the server's own client), for tests that damage
    /// or inspect a history behind mailaudit's back.
    public static func psql(_ url: String, _ sql: String) async -> Run.Result {
        await Run.program(["/usr/bin/env", "psql", url, "-v", "ON_ERROR_STOP=1", "-q", "-At", "-c", sql], timeout: 30)
    }
}
