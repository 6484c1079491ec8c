import Foundation
import LabServers
import LabSupport
import Testing

extension ProgramTests {
    /// A PostgreSQL history's password reaches mailaudit as systemd's credential
    /// (`LoadCredential=pgpassword:FILE`, read as `$CREDENTIALS_DIRECTORY/pgpassword`) or a
    /// libpq password file, never on the command line, where `ps` shows it. Against the lab's
    /// PostgreSQL, whose role password_user must give its password (SCRAM).
    @Suite("PostgreSQL history: the password from systemd's credential or ~/.pgpass (lab)")
    struct PostgresCredentialsTests {
        static let secret = "lab-secret-\(UUID().uuidString.prefix(8))"

        @Test("with the credential or the password file the audit records its run; without, exit 3 and no password shown", .tags(.lab))
        func credentials() async throws {
            try await Lab.start()
            let owner = try await PostgresLab.freshDatabase()
            let database = try #require(owner.split(separator: "/").last?.split(separator: "?").first.map(String.init))
            let created = await PostgresLab.psql(owner, """
                DO $$BEGIN CREATE ROLE password_user LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END$$;
                ALTER ROLE password_user PASSWORD '\(Self.secret)'; ALTER DATABASE \(database) OWNER TO password_user;
                """)
            #expect(created.status == 0, "\(created.stderr)")
            let url = "postgres://password_user@\(PostgresLab.host):5432/\(database)?sslmode=disable"
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("credentials-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            var base = ProcessInfo.processInfo.environment
            base["PGPASSWORD"] = nil
            base["HOME"] = folder.path  // no ~/.pgpass of the machine's
            base["MAILAUDIT_TRUST_ANCHOR"] = Lab.trustAnchorPath
            let audit = ["audit", "good.test", "--resolver", Lab.resolver, "--no-smtp", "--history", url]

            // Without a password: the server refuses, one line, exit 3.
            let refused = await Binary.run(audit, environment: base)
            #expect(refused.status == 3 && refused.stderr.contains("password"), "\(refused.stderr)")

            // systemd's credential: the unit's LoadCredential= puts the file in $CREDENTIALS_DIRECTORY.
            try "\(Self.secret)\n".write(to: folder.appendingPathComponent("pgpassword"), atomically: true, encoding: .utf8)
            var systemd = base
            systemd["CREDENTIALS_DIRECTORY"] = folder.path
            let recorded = await Binary.run(audit, environment: systemd)
            #expect(recorded.status <= 2, "exit \(recorded.status): \(recorded.stderr)")

            // libpq's password file (mode 0600), for cron and shells.
            let pgpass = folder.appendingPathComponent(".pgpass")
            try "\(PostgresLab.host):5432:\(database):password_user:\(Self.secret)\n".write(to: pgpass, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: pgpass.path)
            let listed = await Binary.run(["history", "list", "--history", url], environment: base)
            #expect(listed.status == 0 && listed.stdout.contains("complete"), "the run the credential let in: \(listed.stdout) \(listed.stderr)")
            for run in [refused, recorded, listed] { #expect(!(run.stdout + run.stderr).contains(Self.secret), "the password is never printed") }
        }
    }
}
