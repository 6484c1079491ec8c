/// The history's tables, the same for SQLite and PostgreSQL (docs/history.md). Every table
/// is prefixed `mailaudit_`, so a PostgreSQL database can hold other things too. The schema
/// version is kept in `mailaudit_meta`; a history written by a newer mailaudit is refused
/// rather than misread.
enum HistorySchema {
    static let version = 3

    /// Migrations by version; each is idempotent (IF NOT EXISTS), and they run under the
    /// write lock, so two first runs cannot both half-create the schema.
    static let migrations: [Int: [String]] = [
        1: [
            """
            CREATE TABLE IF NOT EXISTS mailaudit_runs (
                id {id},
                started_at TEXT NOT NULL,
                finished_at TEXT,
                status TEXT NOT NULL,
                tool_version TEXT NOT NULL,
                profile TEXT NOT NULL,
                rules_digest TEXT NOT NULL,
                options TEXT NOT NULL,
                host TEXT NOT NULL,
                domains INTEGER NOT NULL DEFAULT 0,
                exit_status INTEGER
            )
            """,
            """
            CREATE TABLE IF NOT EXISTS mailaudit_documents (
                id {id},
                digest TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL,
                size INTEGER NOT NULL,
                data {blob} NOT NULL
            )
            """,
            """
            CREATE TABLE IF NOT EXISTS mailaudit_domain_runs (
                id {id},
                run_id BIGINT NOT NULL REFERENCES mailaudit_runs(id) ON DELETE CASCADE,
                domain TEXT NOT NULL,
                collected_at TEXT NOT NULL,
                exit_status INTEGER NOT NULL,
                pass INTEGER NOT NULL, info INTEGER NOT NULL, warn INTEGER NOT NULL, fail INTEGER NOT NULL,
                error INTEGER NOT NULL, not_applicable INTEGER NOT NULL, waived INTEGER NOT NULL,
                superseded INTEGER NOT NULL, blocked INTEGER NOT NULL,
                collection_error TEXT,
                cert_days_min INTEGER,
                facts_document BIGINT NOT NULL REFERENCES mailaudit_documents(id),
                findings_document BIGINT NOT NULL REFERENCES mailaudit_documents(id),
                volatile {blob} NOT NULL,
                UNIQUE (run_id, domain)
            )
            """,
            "CREATE INDEX IF NOT EXISTS mailaudit_domain_runs_domain ON mailaudit_domain_runs (domain, run_id)",
            "CREATE INDEX IF NOT EXISTS mailaudit_runs_started ON mailaudit_runs (started_at)",
        ],
        // 2: each domain's place in the run's list (its domains file, its arguments), so that
        // `history show` and `diff` list a run's domains in that order, not in the order they
        // finished. Runs recorded before it have none and keep their recording order.
        2: [
            "ALTER TABLE mailaudit_domain_runs ADD COLUMN list_position INTEGER",
        ],
        // 3: what the run's list said about itself (the lines that could not be used, the
        // repeated domains: RunInput as JSON) and how long the run took in milliseconds (the
        // times kept are whole seconds), so that `history show` gives the report and the
        // monitoring outputs the run had, not a cleaner one.
        3: [
            "ALTER TABLE mailaudit_runs ADD COLUMN input TEXT",
            "ALTER TABLE mailaudit_runs ADD COLUMN duration_ms BIGINT",
        ],
    ]

    static func statements(from current: Int, dialect: SQLDialect) -> [String] {
        guard current < version else { return [] }
        return ((current + 1)...version).flatMap { migrations[$0]!.map(dialect.ddl) }
    }
}
