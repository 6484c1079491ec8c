import Foundation

/// Where a PostgreSQL history's password comes from when its URL has none, in this order:
/// `PGPASSWORD`; systemd's credential `pgpassword` (`LoadCredential=pgpassword:FILE` in the
/// unit: the file is readable by the service alone, and nothing shows on a command line,
/// where `ps` would show it); the libpq password file (`PGPASSFILE`, else `~/.pgpass`).
enum PostgresPasswordSource {
    static func password(host: String, port: Int, database: String, user: String,
                         environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let password = environment["PGPASSWORD"], !password.isEmpty { return password }
        if let directory = environment["CREDENTIALS_DIRECTORY"], !directory.isEmpty,
           let text = try? String(contentsOfFile: directory + "/pgpassword", encoding: .utf8) {
            let password = text.trimmingCharacters(in: .newlines)
            if !password.isEmpty { return password }
        }
        let file = environment["PGPASSFILE"] ?? environment["HOME"].map { $0 + "/.pgpass" }
        // As libpq: only a regular file that its owner alone can read (mode 0600 or less).
        guard let file, let attributes = try? FileManager.default.attributesOfItem(atPath: file),
              attributes[.type] as? FileAttributeType == .typeRegular,
              let mode = attributes[.posixPermissions] as? Int, mode & 0o077 == 0,
              let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        return passwordFileEntry(text, host: host, port: port, database: database, user: user)
    }

    /// The first line of a libpq password file (`host:port:database:user:password`, `*` for
    /// any, `\:` and `\\` escaped) that matches.
    static func passwordFileEntry(_ text: String, host: String, port: Int, database: String, user: String) -> String? {
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            var fields: [String] = [""]
            var escaped = false
            for character in line {
                if escaped { fields[fields.count - 1].append(character); escaped = false }
                else if character == "\\" { escaped = true }
                else if character == ":" {
                    // The password ends at its first unescaped colon, as in libpq.
                    if fields.count == 5 { break }
                    fields.append("")
                }
                else { fields[fields.count - 1].append(character) }
            }
            guard fields.count == 5 else { continue }
            let wanted = [host, String(port), database, user]
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }
}
