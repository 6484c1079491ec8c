import Foundation
import Testing
@testable import History

/// Where a PostgreSQL history's password comes from when its URL has none: never the
/// command line. The environment is given to each case, so nothing of the machine's leaks in.
@Suite("PostgreSQL password: PGPASSWORD, systemd's credential, the libpq password file")
struct PostgresPasswordSourceTests {
    static func folder(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pgpass-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files {
            let file = folder.appendingPathComponent(name)
            try text.write(to: file, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        }
        return folder
    }

    static func password(_ environment: [String: String], host: String = "db.example", user: String = "audit") -> String? {
        PostgresPasswordSource.password(host: host, port: 5432, database: "mailaudit", user: user, environment: environment)
    }

    @Test("PGPASSWORD first, then the credential pgpassword (LoadCredential=), then PGPASSFILE; none: no password")
    func order() throws {
        let folder = try Self.folder(["pgpassword": "from-credential\n", "pgpass": "*:*:*:*:from-file\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let credential = ["CREDENTIALS_DIRECTORY": folder.path], file = ["PGPASSFILE": folder.appendingPathComponent("pgpass").path]
        #expect(Self.password(["PGPASSWORD": "from-env"].merging(credential) { a, _ in a }) == "from-env")
        #expect(Self.password(credential.merging(file) { a, _ in a }) == "from-credential", "the trailing newline is not part of it")
        #expect(Self.password(file) == "from-file")
        #expect(Self.password(["HOME": folder.path]) == nil, "~/.pgpass is read only where it is (not here)")
        #expect(Self.password([:]) == nil)
        // As libpq: a password file others can read is not used.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: folder.appendingPathComponent("pgpass").path)
        #expect(Self.password(file) == nil, "a password file readable by others is ignored")
    }

    @Test("the password file as libpq reads it: the first matching line, * for any field, \\: and \\\\ escaped, # comments")
    func passwordFile() {
        let text = """
            # host:port:database:user:password
            other.example:5432:mailaudit:audit:wrong-host
            db.example:5432:mailaudit:audit:pa\\:ss\\\\word
            *:*:*:*:anything
            """
        #expect(PostgresPasswordSource.passwordFileEntry(text, host: "db.example", port: 5432, database: "mailaudit", user: "audit") == "pa:ss\\word")
        #expect(PostgresPasswordSource.passwordFileEntry(text, host: "x.example", port: 5433, database: "d", user: "u") == "anything")
        #expect(PostgresPasswordSource.passwordFileEntry("db.example:5432:mailaudit:audit\n", host: "db.example", port: 5432, database: "mailaudit", user: "audit") == nil,
                "a line without a password field is skipped")
        #expect(PostgresPasswordSource.passwordFileEntry("*:*:*:*:secret:ignored\n", host: "h", port: 1, database: "d", user: "u") == "secret",
                "the password ends at its first unescaped colon")
    }

    @Test("a URL's own password wins; Debian's socket directory matches 'localhost' in the password file, another directory itself")
    func location() throws {
        let folder = try Self.folder(["pgpass": "localhost:5432:mailaudit:audit:socket-pw\n/srv/pg:5432:mailaudit:audit:srv-pw\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let environment = ["PGPASSFILE": folder.appendingPathComponent("pgpass").path]
        #expect(try PostgresLocation("postgres://audit@/mailaudit?host=/var/run/postgresql", environment: environment).password == "socket-pw")
        #expect(try PostgresLocation("postgres://audit@/mailaudit?host=/srv/pg", environment: environment).password == "srv-pw")
        #expect(try PostgresLocation("postgres://audit:url-pw@localhost/mailaudit", environment: environment).password == "url-pw")
        #expect(try PostgresLocation("postgres://audit@localhost/mailaudit", environment: environment).password == "socket-pw")
    }
}
