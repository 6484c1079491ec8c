import Foundation
import GRDB
import MailFacts
import PostgresNIO
import Reports
import RuleEngine

/// The run history (docs/history.md): each run, and per domain its facts and findings, in a
/// SQLite file or a PostgreSQL database. Facts and findings are stored as deflated JSON
/// documents shared between domain-runs with the same content (`StoredDocument`), so a
/// nightly run over domains that did not change adds little more than a row per domain.
public final class RunHistory: Sendable {
    public let location: HistoryLocation
    let database: any HistoryDatabase

    private init(location: HistoryLocation, database: any HistoryDatabase) {
        self.location = location
        self.database = database
    }

    /// Opens (and creates or migrates) the history at `location`.
    public static func open(_ location: HistoryLocation) async throws(HistoryError) -> RunHistory {
        // Two runs that open a new SQLite file at the same moment: switching it to WAL takes
        // an exclusive lock that SQLite does not wait for (no busy handler), so one gets
        // "database is locked" at once. It is tried again for up to 30 s, as the busy timeout
        // would wait for any other lock.
        var attempt = 0
        while true {
            do {
                return try await openOnce(location)
            } catch let error where error.isLockContention && attempt < 60 {
                attempt += 1
                try? await Task.sleep(nanoseconds: UInt64(100_000_000 + (attempt % 5) * 50_000_000))
            }
        }
    }

    private static func openOnce(_ location: HistoryLocation) async throws(HistoryError) -> RunHistory {
        let database: any HistoryDatabase
        switch location {
        case .sqlite(let path):
            do {
                database = try SQLiteHistoryDatabase(path: path)
            } catch {
                throw HistoryError.from(error, location: location)
            }
        case .postgres(let postgres):
            do {
                try await PostgresHistoryDatabase.probe(postgres)
            } catch {
                throw HistoryError.from(error, location: location)
            }
            database = PostgresHistoryDatabase(postgres)
        }
        let history = RunHistory(location: location, database: database)
        do {
            try await history.migrate()
        } catch let error as HistoryError {
            await database.close()
            throw error
        } catch {
            await database.close()
            throw HistoryError.from(error, location: location)
        }
        return history
    }

    public func close() async {
        await database.close()
    }

    private func migrate() async throws {
        if database.dialect == .sqlite {
            // A SQLite file that holds something else is not taken over.
            let tables = try await database.query(SQLStatement(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")).compactMap { $0.first?.string }
            if !tables.isEmpty && !tables.contains("mailaudit_meta") {
                throw HistoryError(location: location.display, "is a SQLite database of something else (tables \(tables.prefix(3).joined(separator: ", ")))",
                                   fix: "give a new file for the history")
            }
        }
        var statements = [SQLStatement("CREATE TABLE IF NOT EXISTS mailaudit_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")]
        if database.dialect == .postgres { statements.insert(SQLStatement("SELECT pg_advisory_xact_lock(7316001)"), at: 0) }
        statements.append(SQLStatement("SELECT value FROM mailaudit_meta WHERE key = 'schema_version'"))
        let current = Int(try await database.transaction(statements).first?.first?.string ?? "0") ?? 0
        if current > HistorySchema.version {
            throw HistoryError(location: location.display,
                               "was written by a newer mailaudit (schema \(current); this one reads up to \(HistorySchema.version))",
                               fix: "upgrade mailaudit, or give another history")
        }
        guard current < HistorySchema.version else { return }
        var migration = HistorySchema.statements(from: current, dialect: database.dialect).map { SQLStatement($0) }
        if database.dialect == .postgres { migration.insert(SQLStatement("SELECT pg_advisory_xact_lock(7316001)"), at: 0) }
        migration.append(SQLStatement(
            "INSERT INTO mailaudit_meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [.text(String(HistorySchema.version))]))
        do {
            _ = try await database.transaction(migration)
        } catch {
            // Two runs that start together on an older history both read its version; the
            // second one's migration then fails (ALTER TABLE adds a column that is there now).
            // That is no problem if the other one brought the schema up to date.
            let now = try? await database.query(SQLStatement("SELECT value FROM mailaudit_meta WHERE key = 'schema_version'"))
            if let text = now?.first?.first?.string, let version = Int(text), version >= HistorySchema.version { return }
            throw error
        }
    }

    // MARK: Writing a run

    /// Records the start of a run; the run stays `incomplete` until `finishRun`.
    public func beginRun(_ start: RunStart) async throws(HistoryError) -> Int64 {
        let options = String(decoding: (try? StoredDocument.canonical(start.options)) ?? Data("{}".utf8), as: UTF8.self)
        let input = start.input.flatMap { try? StoredDocument.canonical($0) }.map { String(decoding: $0, as: UTF8.self) }
        let rows = try await run {
            try await database.transaction([SQLStatement(
                "INSERT INTO mailaudit_runs (started_at, status, tool_version, profile, rules_digest, options, host, input) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                [.text(start.startedAt), .text(RunRecord.Status.incomplete.rawValue), .text(start.toolVersion), .text(start.profile),
                 .text(start.rulesDigest), .text(options), .text(start.host), SQLValue(input)])])
        }
        guard let id = rows.first?.first?.int else { throw HistoryError(location: location.display, "the new run got no id", fix: "report this") }
        return id
    }

    /// Records one domain's report in run `id`, in one transaction.
    /// `position`: the domain's place in the run's list (from 0), for the order of `history show`.
    public func record(_ report: DomainReport, run id: Int64, position: Int? = nil) async throws(HistoryError) {
        let statements: [SQLStatement]
        do {
            statements = try Self.recordStatements(report, run: id, position: position)
        } catch {
            throw HistoryError(location: location.display, "cannot encode the report of \(report.domain) (\(HistoryError.short("\(error)")))", fix: "report this")
        }
        _ = try await run { try await database.transaction(statements) }
    }

    static func recordStatements(_ report: DomainReport, run id: Int64, position: Int? = nil) throws -> [SQLStatement] {
        let (stable, volatile) = StoredDocument.splitFacts(try StoredDocument.canonical(report.facts))
        let facts = try StoredDocument.pack(stable, kind: "facts")
        let findings = try StoredDocument.pack(StoredDocument.canonical(report.findings), kind: "findings")
        let volatileBytes = try StoredDocument.deflate(volatile)
        let s = report.summary
        let certificateDays = ((report.facts.smtp?.endpoints ?? []) + (report.facts.submission?.endpoints ?? [])).compactMap { $0.tls?.daysToExpiry }.min()
        let insertDocument = "INSERT INTO mailaudit_documents (digest, kind, size, data) VALUES (?, ?, ?, ?) ON CONFLICT (digest) DO NOTHING"
        return [
            SQLStatement(insertDocument, [.text(facts.digest), .text("facts"), SQLValue(facts.size), .blob(facts.deflated)]),
            SQLStatement(insertDocument, [.text(findings.digest), .text("findings"), SQLValue(findings.size), .blob(findings.deflated)]),
            SQLStatement("""
                INSERT INTO mailaudit_domain_runs (run_id, domain, collected_at, exit_status, pass, info, warn, fail, error, not_applicable,
                    waived, superseded, blocked, collection_error, cert_days_min, facts_document, findings_document, volatile, list_position)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                    (SELECT id FROM mailaudit_documents WHERE digest = ?), (SELECT id FROM mailaudit_documents WHERE digest = ?), ?, ?)
                ON CONFLICT (run_id, domain) DO NOTHING
                """,
                [.integer(id), .text(report.domain), .text(report.facts.collectedAt), .integer(Int64(s.exitStatus().rawValue)),
                 SQLValue(s.pass), SQLValue(s.info), SQLValue(s.warn), SQLValue(s.fail), SQLValue(s.error), SQLValue(s.notApplicable),
                 SQLValue(s.waived), SQLValue(s.superseded), SQLValue(s.blocked), SQLValue(s.collectionError), SQLValue(certificateDays),
                 .text(facts.digest), .text(findings.digest), .blob(volatileBytes), SQLValue(position)]),
        ]
    }

    /// Marks run `id` complete, with its exit status.
    /// `durationMilliseconds`: how long the run took (its times are kept in whole seconds).
    public func finishRun(_ id: Int64, finishedAt: String, exitStatus: Int32, durationMilliseconds: Int64? = nil) async throws(HistoryError) {
        _ = try await run {
            try await database.transaction([SQLStatement(
                """
                UPDATE mailaudit_runs SET finished_at = ?, status = ?, exit_status = ?, duration_ms = ?,
                    domains = (SELECT count(*) FROM mailaudit_domain_runs WHERE run_id = ?) WHERE id = ?
                """,
                [.text(finishedAt), .text(RunRecord.Status.complete.rawValue), .integer(Int64(exitStatus)), SQLValue(durationMilliseconds),
                 .integer(id), .integer(id)])])
        }
    }

    // MARK: Reading

    static let runColumns = "r.id, r.started_at, r.finished_at, r.status, r.tool_version, r.profile, r.rules_digest, r.options, r.host, r.domains, r.exit_status, (SELECT count(*) FROM mailaudit_domain_runs d WHERE d.run_id = r.id), "
        + "(SELECT coalesce(sum(d.fail), 0) FROM mailaudit_domain_runs d WHERE d.run_id = r.id), "
        + "(SELECT coalesce(sum(d.warn), 0) FROM mailaudit_domain_runs d WHERE d.run_id = r.id), "
        + "(SELECT coalesce(sum(d.error), 0) FROM mailaudit_domain_runs d WHERE d.run_id = r.id), "
        + "(SELECT count(*) FROM mailaudit_domain_runs d WHERE d.run_id = r.id AND d.collection_error IS NOT NULL), r.input, r.duration_ms"

    /// The newest runs first; with `domain`, only runs that audited it.
    public func runs(domain: String? = nil, limit: Int = 50) async throws(HistoryError) -> [RunRecord] {
        let rows = try await run {
            if let domain {
                return try await database.query(SQLStatement(
                    "SELECT \(Self.runColumns) FROM mailaudit_runs r WHERE r.id IN (SELECT run_id FROM mailaudit_domain_runs WHERE domain = ?) ORDER BY r.id DESC LIMIT ?",
                    [.text(domain), .integer(Int64(limit))]))
            }
            return try await database.query(SQLStatement("SELECT \(Self.runColumns) FROM mailaudit_runs r ORDER BY r.id DESC LIMIT ?", [.integer(Int64(limit))]))
        }
        return rows.map(Self.runRecord)
    }

    public func run(_ id: Int64) async throws(HistoryError) -> RunRecord? {
        try await run {
            try await database.query(SQLStatement("SELECT \(Self.runColumns) FROM mailaudit_runs r WHERE r.id = ?", [.integer(id)]))
        }.first.map(Self.runRecord)
    }

    static func runRecord(_ row: [SQLValue]) -> RunRecord {
        let options = row[7].string.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:]
        let input = row.count > 16 ? row[16].string.flatMap { try? JSONDecoder().decode(RunInput.self, from: Data($0.utf8)) } : nil
        // An unfinished run counts the domains it got to.
        let domains = row[3].string == RunRecord.Status.complete.rawValue ? Int(row[9].int ?? 0) : Int(row[11].int ?? 0)
        return RunRecord(id: row[0].int ?? 0, startedAt: row[1].string ?? "", finishedAt: row[2].string,
                         status: RunRecord.Status(rawValue: row[3].string ?? "") ?? .incomplete, toolVersion: row[4].string ?? "",
                         profile: row[5].string ?? "", rulesDigest: row[6].string ?? "", options: options, host: row[8].string ?? "",
                         domains: domains, exitStatus: row[10].int.map { Int32($0) },
                         findings: row.count > 15 ? RunRecord.Totals(fail: Int(row[12].int ?? 0), warn: Int(row[13].int ?? 0),
                                                                      error: Int(row[14].int ?? 0), notAudited: Int(row[15].int ?? 0)) : nil,
                         input: input, durationMilliseconds: row.count > 17 ? row[17].int : nil)
    }

    static let summaryColumns = "d.run_id, d.domain, d.collected_at, d.exit_status, d.pass, d.info, d.warn, d.fail, d.error, d.collection_error, d.cert_days_min"

    static func summary(_ row: [SQLValue]) -> DomainRunSummary {
        func int(_ i: Int) -> Int { Int(row[i].int ?? 0) }
        return DomainRunSummary(runID: row[0].int ?? 0, domain: row[1].string ?? "", collectedAt: row[2].string ?? "",
                                exitStatus: Int32(row[3].int ?? 0), pass: int(4), info: int(5), warn: int(6), fail: int(7), error: int(8),
                                collectionError: row[9].string, certificateDaysMin: row[10].int.map { Int($0) })
    }

    /// A domain's runs, newest first, without the documents (for timelines).
    public func timeline(domain: String, before run: Int64? = nil, limit: Int = 30) async throws(HistoryError) -> [DomainRunSummary] {
        try await self.run {
            try await database.query(SQLStatement(
                "SELECT \(Self.summaryColumns) FROM mailaudit_domain_runs d WHERE d.domain = ? AND d.run_id < ? ORDER BY d.run_id DESC LIMIT ?",
                [.text(domain), .integer(run ?? Int64.max), .integer(Int64(max(0, limit)))]))
        }.map(Self.summary)
    }

    /// Every domain of run `id`, whole, in the order they were recorded.
    public func domains(ofRun id: Int64, only domains: Set<String>? = nil) async throws(HistoryError) -> [StoredDomainRun] {
        var sql = Self.wholeQuery + " WHERE d.run_id = ?"
        var values: [SQLValue] = [.integer(id)]
        if let domains {
            guard !domains.isEmpty else { return [] }
            sql += " AND d.domain IN (" + Array(repeating: "?", count: domains.count).joined(separator: ", ") + ")"
            values += domains.sorted().map { .text($0) }
        }
        // In the order of the run's list; runs recorded before positions were kept, as recorded.
        let rows = try await run { try await database.query(SQLStatement(sql + " ORDER BY coalesce(d.list_position, d.id), d.id", values)) }
        return try rows.map(stored)
    }

    /// The names of a run's domains, in the order of its list (no documents read).
    public func domainNames(ofRun id: Int64) async throws(HistoryError) -> [String] {
        try await run {
            try await database.query(SQLStatement(
                "SELECT domain FROM mailaudit_domain_runs WHERE run_id = ? ORDER BY coalesce(list_position, id), id", [.integer(id)]))
        }.compactMap { $0.first?.string }
    }

    /// The domain's latest record in a run before `run` (or in any run when nil), skipping
    /// runs where it could not be audited at all (they hold no findings to compare with).
    /// `probed`: only from runs that probed the servers (not `--no-smtp`), so that what an
    /// unprobed record lacks is found however many unprobed runs came between.
    public func latest(domain: String, before run: Int64? = nil, probed: Bool = false) async throws(HistoryError) -> StoredDomainRun? {
        let probes = probed ? " JOIN mailaudit_runs r ON r.id = d.run_id" : ""
        let condition = probed ? " AND r.options NOT LIKE ?" : ""
        let values: [SQLValue] = [.text(domain), .integer(run ?? Int64.max)] + (probed ? [.text("%\"probes\":\"off\"%")] : [])
        let rows = try await self.run {
            try await database.query(SQLStatement(
                Self.wholeQuery + probes + " WHERE d.domain = ? AND d.run_id < ? AND d.collection_error IS NULL" + condition
                    + " ORDER BY d.run_id DESC LIMIT 1", values))
        }
        return try rows.first.map(stored)
    }

    /// The domain's latest record at or before `time` (RFC 3339), in a run before `run`.
    public func latest(domain: String, atOrBefore time: String, before run: Int64) async throws(HistoryError) -> StoredDomainRun? {
        let rows = try await self.run {
            try await database.query(SQLStatement(
                Self.wholeQuery + " WHERE d.domain = ? AND d.collected_at <= ? AND d.run_id < ? AND d.collection_error IS NULL ORDER BY d.run_id DESC LIMIT 1",
                [.text(domain), .text(time), .integer(run)]))
        }
        return try rows.first.map(stored)
    }

    static let wholeQuery = """
        SELECT \(summaryColumns), f.data, g.data, d.volatile FROM mailaudit_domain_runs d
        JOIN mailaudit_documents f ON f.id = d.facts_document JOIN mailaudit_documents g ON g.id = d.findings_document
        """

    private func stored(_ row: [SQLValue]) throws(HistoryError) -> StoredDomainRun {
        let summary = Self.summary(row)
        do {
            guard let facts = StoredDocument.joinFacts(stable: try StoredDocument.inflate(row[11].bytes ?? []),
                                                           volatile: try StoredDocument.inflate(row[13].bytes ?? [])) else {
                throw HistoryError(location: location.display, "the stored timings of \(summary.domain) in run \(summary.runID) do not fit its facts",
                                   fix: "the history is damaged; prune that run")
            }
            let factSet = try JSONDecoder().decode(FactSet.self, from: facts)
            let findings = try JSONDecoder().decode([Finding].self, from: StoredDocument.inflate(row[12].bytes ?? []))
            return StoredDomainRun(summary: summary, report: DomainReport(facts: factSet, findings: findings))
        } catch let error as HistoryError {
            throw error
        } catch {
            throw HistoryError(location: location.display, "the stored report of \(summary.domain) in run \(summary.runID) cannot be read (\(HistoryError.short("\(error)")))",
                               fix: "the history is damaged or from another version; prune that run")
        }
    }

    // MARK: Pruning

    public struct PruneResult: Sendable, Equatable {
        public var runs: Int
        public var domainRuns: Int
        public var documents: Int
    }

    /// Deletes the runs started before `cutoff` (RFC 3339) and the documents no run refers
    /// to any more; says how many of each went.
    /// A run still incomplete and started after `runningSince` may still be writing: kept. The
    /// newest complete run is kept too unless `includingNewest` (history show and the
    /// monitoring outputs read it: pruning everything would leave them nothing to show).
    public func prune(before cutoff: String, keepingIncompleteSince runningSince: String,
                      includingNewest: Bool = false) async throws(HistoryError) -> PruneResult {
        let before = try await size()
        let newest = includingNewest ? ""
            : " AND id <> (SELECT coalesce(max(id), -1) FROM mailaudit_runs WHERE status = 'complete' AND domains > 0)"
        let old = "SELECT id FROM mailaudit_runs WHERE started_at < ? AND (status = 'complete' OR started_at < ?)" + newest
        _ = try await run {
            try await database.transaction([
                SQLStatement("DELETE FROM mailaudit_domain_runs WHERE run_id IN (\(old))", [.text(cutoff), .text(runningSince)]),
                SQLStatement("DELETE FROM mailaudit_runs WHERE id IN (\(old))", [.text(cutoff), .text(runningSince)]),
                SQLStatement("""
                    DELETE FROM mailaudit_documents WHERE id NOT IN (SELECT facts_document FROM mailaudit_domain_runs)
                        AND id NOT IN (SELECT findings_document FROM mailaudit_domain_runs)
                    """),
            ])
        }
        let after = try await size()
        return PruneResult(runs: max(0, before.runs - after.runs), domainRuns: max(0, before.domainRuns - after.domainRuns),
                           documents: max(0, before.documents - after.documents))
    }

    /// Counts and stored bytes, for `history list` and the size figures.
    public func size() async throws(HistoryError) -> (runs: Int, domainRuns: Int, documents: Int, documentBytes: Int) {
        let row = try await run {
            try await database.query(SQLStatement("""
                SELECT (SELECT count(*) FROM mailaudit_runs), (SELECT count(*) FROM mailaudit_domain_runs),
                    (SELECT count(*) FROM mailaudit_documents), (SELECT coalesce(sum(length(data)), 0) FROM mailaudit_documents)
                """))
        }.first ?? []
        return (Int(row[safe: 0]?.int ?? 0), Int(row[safe: 1]?.int ?? 0), Int(row[safe: 2]?.int ?? 0), Int(row[safe: 3]?.int ?? 0))
    }

    /// Runs `body`, turning any database error into a one-line HistoryError.
    private func run<T>(_ body: () async throws -> T) async throws(HistoryError) -> T {
        do {
            return try await body()
        } catch let error as HistoryError {
            throw error
        } catch {
            throw HistoryError.from(error, location: location)
        }
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
