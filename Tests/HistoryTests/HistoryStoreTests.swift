import Foundation
import History
import LabSupport
import MailFacts
import Reports
import RuleEngine
import Testing

/// The run history against a real SQLite file and a real PostgreSQL server (the lab's,
/// Tests/lab/postgres.sh): the same tests for both.
@Suite("Run history: SQLite and PostgreSQL")
struct HistoryStoreTests {
    enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case sqlite, postgres
        var testDescription: String { rawValue }
    }

    /// A new, empty history of the kind asked for.
    static func fresh(_ backend: Backend) async throws -> String {
        switch backend {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("history-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return folder.appendingPathComponent("history.db").path
        case .postgres:
            return try await PostgresLab.freshDatabase()
        }
    }

    /// Real lab reports (facts and findings): a fresh audit of varied lab domains.
    static func reports() async throws -> [DomainReport] {
        try await LabAudit.entries().map { try JSONDecoder().decode(DomainReport.self, from: $0) }
    }

    static func start(_ time: String = "2026-11-29T02:00:00Z") -> RunStart {
        RunStart(startedAt: time, toolVersion: "test", profile: "default", rulesDigest: "d", options: ["resolvers": "127.0.0.1"], host: "h")
    }

    @Test("a run round-trips: facts and findings come back as they were; a second night of the same records adds no document",
          .tags(.lab), arguments: Backend.allCases)
    func roundTrip(_ backend: Backend) async throws {
        let location = try await Self.fresh(backend)
        let history = try await RunHistory.open(HistoryLocation(location))
        let reports = try await Self.reports()
        let first = try await history.beginRun(Self.start())
        for report in reports { try await history.record(report, run: first) }
        try await history.finishRun(first, finishedAt: "2026-11-29T02:01:00Z", exitStatus: 3)
        let sizeAfterOne = try await history.size()
        #expect(sizeAfterOne.domainRuns == reports.count)

        let stored = try await history.domains(ofRun: first)
        #expect(stored.map(\.report.domain) == reports.map(\.domain), "in the order recorded")
        for (saved, original) in zip(stored, reports) {
            #expect(saved.report.facts == original.facts, "\(original.domain): the facts, timings included, come back")
            #expect(saved.report.findings == original.findings, "\(original.domain): the findings come back")
        }
        let run = try #require(try await history.run(first))
        #expect(run.status == .complete && run.domains == reports.count && run.exitStatus == 3 && run.options["resolvers"] == "127.0.0.1")

        // The next night: the same records, other timings and times.
        let second = try await history.beginRun(Self.start("2026-11-30T02:00:00Z"))
        for var report in reports {
            report.facts.collectedAt = "2026-11-30T02:00:10Z"
            report.facts.collection.seconds += 1.5
            if var smtp = report.facts.smtp {
                smtp.endpoints = smtp.endpoints.map { e in var e = e; e.milliseconds = (e.milliseconds ?? 0) + 7; return e }
                report.facts.smtp = smtp
            }
            try await history.record(report, run: second)
        }
        try await history.finishRun(second, finishedAt: "2026-11-30T02:01:00Z", exitStatus: 3)
        let sizeAfterTwo = try await history.size()
        #expect(sizeAfterTwo.documents == sizeAfterOne.documents, "unchanged records share their documents")
        #expect(sizeAfterTwo.domainRuns == 2 * reports.count)
        let previous = try #require(try await history.latest(domain: reports[0].domain, before: second))
        #expect(previous.summary.runID == first)
        let latest = try #require(try await history.latest(domain: reports[0].domain))
        #expect(latest.summary.runID == second && latest.report.facts.collectedAt == "2026-11-30T02:00:10Z")
        let listed = try await history.runs()
        #expect(listed.map(\.id) == [second, first])
        #expect(try await history.runs(domain: "no-such.example").isEmpty)
        await history.close()
        print("history (\(backend)): \(reports.count) domains, 2 runs, \(sizeAfterTwo.documents) documents, \(sizeAfterTwo.documentBytes) bytes of documents")
    }

    @Test("a run that never finished stays incomplete, with the domains it got to", .tags(.lab), arguments: Backend.allCases)
    func incomplete(_ backend: Backend) async throws {
        let location = try await Self.fresh(backend)
        let history = try await RunHistory.open(HistoryLocation(location))
        let reports = try await Self.reports()
        let id = try await history.beginRun(Self.start())
        try await history.record(reports[0], run: id)
        await history.close()
        let reopened = try await RunHistory.open(HistoryLocation(location))
        let run = try #require(try await reopened.run(id))
        #expect(run.status == .incomplete && run.domains == 1 && run.exitStatus == nil)
        await reopened.close()
    }

    @Test("prune removes old runs and the documents only they used", .tags(.lab), arguments: Backend.allCases)
    func prune(_ backend: Backend) async throws {
        let location = try await Self.fresh(backend)
        let history = try await RunHistory.open(HistoryLocation(location))
        let reports = try await Self.reports()
        let old = try await history.beginRun(Self.start("2026-01-01T02:00:00Z"))
        try await history.record(reports[0], run: old)
        try await history.record(reports[1], run: old)
        try await history.finishRun(old, finishedAt: "2026-01-01T02:01:00Z", exitStatus: 0)
        let recent = try await history.beginRun(Self.start("2026-11-29T02:00:00Z"))
        try await history.record(reports[0], run: recent)
        try await history.finishRun(recent, finishedAt: "2026-11-29T02:01:00Z", exitStatus: 0)
        let pruned = try await history.prune(before: "2026-06-01T00:00:00Z", keepingIncompleteSince: "2026-05-31T00:00:00Z")
        #expect(pruned.runs == 1 && pruned.domainRuns == 2 && pruned.documents == 2, "reports[1]'s two documents went; reports[0]'s are still used: \(pruned)")
        #expect(try await history.runs().map(\.id) == [recent])
        #expect(try await history.domains(ofRun: recent).first?.report.facts == reports[0].facts)
        await history.close()
    }

    @Test("two writers at once both land (SQLite waits its turn, PostgreSQL serialises)", .tags(.lab), arguments: Backend.allCases)
    func concurrentWriters(_ backend: Backend) async throws {
        let location = try await Self.fresh(backend)
        let reports = try await Self.reports()
        // Two separate openings: two pools, as two cron jobs would have.
        let a = try await RunHistory.open(HistoryLocation(location))
        let b = try await RunHistory.open(HistoryLocation(location))
        async let runA: Int64 = {
            let id = try await a.beginRun(Self.start("2026-11-29T02:00:00Z"))
            for report in reports { try await a.record(report, run: id) }
            try await a.finishRun(id, finishedAt: "2026-11-29T02:05:00Z", exitStatus: 0)
            return id
        }()
        async let runB: Int64 = {
            let id = try await b.beginRun(Self.start("2026-11-29T02:00:01Z"))
            for report in reports.reversed() { try await b.record(report, run: id) }
            try await b.finishRun(id, finishedAt: "2026-11-29T02:05:01Z", exitStatus: 0)
            return id
        }()
        let ids = try await [runA, runB]
        await a.close()
        await b.close()
        let history = try await RunHistory.open(HistoryLocation(location))
        for id in ids {
            let run = try #require(try await history.run(id))
            #expect(run.status == .complete && run.domains == reports.count)
        }
        #expect(try await history.size().documents == 2 * reports.count, "shared documents stored once")
        await history.close()
    }

    @Test("a run keeps its list's bad lines and its duration (schema 3); a history of schema 2 is migrated, its runs read without them",
          arguments: Backend.allCases)
    func inputAndDuration(_ backend: Backend) async throws {
        let location = try await Self.fresh(backend)
        let history = try await RunHistory.open(HistoryLocation(location))
        var start = Self.start()
        start.input = RunInput(errors: ["list.txt:2: 'a b' is not a domain name: it has a space in it"],
                               duplicates: ["list.txt:3: A.TEST is a.test again (list.txt:1): audited once"])
        let id = try await history.beginRun(start)
        try await history.finishRun(id, finishedAt: "2026-11-29T02:00:01Z", exitStatus: 3, durationMilliseconds: 1_234)
        let run = try #require(try await history.run(id))
        #expect(run.input == start.input && run.durationMilliseconds == 1_234)
        await history.close()
        // The same file as schema 2 left it: the columns gone, an older run in it.
        var statements = ["ALTER TABLE mailaudit_runs DROP COLUMN input", "ALTER TABLE mailaudit_runs DROP COLUMN duration_ms",
                          "UPDATE mailaudit_meta SET value = '2' WHERE key = 'schema_version'"]
        statements.append("INSERT INTO mailaudit_runs (started_at, status, tool_version, profile, rules_digest, options, host) "
                          + "VALUES ('2026-11-28T02:00:00Z', 'complete', 'old', 'default', 'd', '{}', 'h')")
        for sql in statements {
            switch backend {
            case .sqlite: #expect(await Run.program(["/usr/bin/env", "sqlite3", location, sql]).status == 0, "\(sql)")
            case .postgres: #expect(await PostgresLab.psql(location, sql).status == 0, "\(sql)")
            }
        }
        let reopened = try await RunHistory.open(HistoryLocation(location))
        let runs = try await reopened.runs()
        #expect(runs.count == 2)
        #expect(runs.allSatisfy { $0.input == nil && $0.durationMilliseconds == nil }, "the migration adds the columns empty")
        let again = try await reopened.beginRun(start)
        try await reopened.finishRun(again, finishedAt: "2026-11-30T02:00:01Z", exitStatus: 3, durationMilliseconds: 42)
        #expect(try await reopened.run(again)?.input?.errors.count == 1)
        #expect(try await reopened.run(again)?.durationMilliseconds == 42)
        await reopened.close()
    }

    @Test("a history written by a newer mailaudit is refused, not misread", arguments: Backend.allCases)
    func newerSchema(_ backend: Backend) async throws {
        let location = try await Self.fresh(backend)
        let history = try await RunHistory.open(HistoryLocation(location))
        await history.close()
        let sql = "UPDATE mailaudit_meta SET value = '99' WHERE key = 'schema_version'"
        switch backend {
        case .sqlite: #expect(await Run.program(["/usr/bin/env", "sqlite3", location, sql]).status == 0)
        case .postgres: #expect(await PostgresLab.psql(location, sql).status == 0)
        }
        do {
            _ = try await RunHistory.open(HistoryLocation(location))
            Issue.record("opened a history of schema 99")
        } catch {
            #expect(error.description.contains("newer mailaudit (schema 99") && error.description.contains("upgrade mailaudit"), "\(error)")
            #expect(!error.description.contains("\n"))
        }
    }
}
