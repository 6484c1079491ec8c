import Foundation
import History
import LabSupport
import Testing

/// A history that cannot be used says so in one line: what, where, what to do.
@Suite("Run history: bad locations")
struct HistoryBadInputTests {
    static func open(_ location: String) async -> HistoryError? {
        do {
            let history = try await RunHistory.open(HistoryLocation(location))
            await history.close()
            return nil
        } catch {
            return error
        }
    }

    @Test("a file that is not a SQLite database, one of another program, and a folder that cannot be written")
    func sqlite() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("history-bad-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let garbage = folder.appendingPathComponent("garbage.db").path
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: garbage))
        let corrupt = try #require(await Self.open(garbage))
        #expect(corrupt.description.contains("not a usable SQLite database") && corrupt.description.contains("move the file aside"), "\(corrupt)")

        let other = folder.appendingPathComponent("other.db").path
        #expect(await Run.program(["/usr/bin/env", "sqlite3", other, "CREATE TABLE invoices (id INTEGER)"]).status == 0)
        let foreign = try #require(await Self.open(other))
        #expect(foreign.description.contains("something else (tables invoices)"), "\(foreign)")

        let missing = folder.appendingPathComponent("no/such/folder/history.db").path
        let unwritable = try #require(await Self.open(missing))
        #expect(unwritable.description.contains("cannot be written") && unwritable.description.contains(missing), "\(unwritable)")
        for error in [corrupt, foreign, unwritable] { #expect(!error.description.contains("\n")) }
    }

    @Test("PostgreSQL: nothing listening, a database that does not exist, a URL that does not parse; the password never shown", .tags(.lab))
    func postgres() async throws {
        _ = try await PostgresLab.freshDatabase()
        let began = Date()
        let dead = try #require(await Self.open("postgres://mailaudit:s3cret-pw@\(Lab.address(55)):5432/history?sslmode=disable"))
        #expect(dead.description.contains("cannot reach PostgreSQL") && dead.description.contains("start the server"), "\(dead)")
        #expect(Date().timeIntervalSince(began) < TestTime.scaled(30), "gives up within its connect timeout")
        #expect(!dead.description.contains("s3cret-pw"))
        let noDatabase = try #require(await Self.open(PostgresLab.url(database: "no_such_database")))
        #expect(noDatabase.description.contains("3D000") && noDatabase.description.contains("createdb"), "\(noDatabase)")
        let badMode = try #require(await Self.open("postgres://u:s3cret-pw@host/db?sslmode=sometimes"))
        #expect(badMode.description.contains("sslmode=sometimes") && !badMode.description.contains("s3cret-pw"), "\(badMode)")
        let inQuery = try #require(await Self.open("postgres://u@host/db?password=s3cret-pw"))
        #expect(inQuery.description.contains("unknown URL parameter 'password'") && !inQuery.description.contains("s3cret-pw"), "\(inQuery)")
        let atSign = try #require(await Self.open("postgres://u:p@s3cret-pw@host/db?sslmode=nope"))
        #expect(!atSign.description.contains("s3cret-pw") && !atSign.description.contains("p@"), "\(atSign)")
    }
}
