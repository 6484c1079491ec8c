import AuditPipeline
import Collector
import DNSClient
import Foundation
import LabSupport
import MailFacts
import Reports
import RuleEngine
import Testing
@testable import History

/// The run of `mailaudit audit` and of the benchmark, as a library (`AuditRun`): every domain
/// collected, judged, compared with its previous run, recorded and handed to the writer; the
/// run complete in the history only when its caller says so, incomplete when its writer fails.
@Suite("AuditRun: collect, judge, record, write, one entry point")
struct AuditRunTests {
    static func run(recorder: RunRecorder) throws -> AuditRun {
        let rules = try RuleSet.load(extraDirectory: nil)
        let auditor = Auditor(judge: RuleJudge(rules: rules), profile: try ProfileLoader.load("default", rules: rules))
        let dns = StubResolver(configuration: DNSClientConfiguration(servers: [try DNSServer(address: Lab.resolver)], timeout: 5))
        let collector = DomainCollector(dns: dns, options: CollectorOptions(deadline: 25, resolverNames: [Lab.resolver], commonDKIMSelectors: false))
        return AuditRun(auditor: auditor, collector: collector, recorder: recorder, concurrency: 4)
    }

    static func start(_ time: String) -> RunStart {
        RunStart(startedAt: time, toolVersion: "test", profile: "default", rulesDigest: "test", options: ["probes": "off"], host: "test")
    }

    @Test("two runs into a SQLite history: the second compared with the first; a writer that fails leaves its run incomplete with what was recorded",
          .tags(.lab))
    func recordsAndEnds() async throws {
        try await Lab.start()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailaudit-auditrun-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("history.db").path
        let targets = try ["good.test", "nomx.test", "unsigned.test"].map { CollectionTarget(try DomainName($0)) }

        // First run: every domain handed on, in the order given, none with changes (first seen).
        let first = RunRecorder()
        await first.open(path, start: Self.start("2026-12-01T03:00:00Z"))
        let firstRun = try Self.run(recorder: first)
        var seen: [(Int, DomainReport)] = []
        let handed = try await firstRun.run(targets, inOrder: true) { seen.append(($0.index, $0.report)) }
        await firstRun.end(status: .failures)
        #expect(handed == 3 && seen.map(\.0) == [0, 1, 2] && seen.map(\.1.domain) == targets.map(\.domain.ascii))
        #expect(seen.allSatisfy { $0.1.changes == nil }, "nothing to compare a first run with")
        let problems = await first.problems
        #expect(problems.isEmpty, "\(problems)")

        // Second run: each report carries its changes since the first (none: nothing changed).
        let second = RunRecorder()
        await second.open(path, start: Self.start("2026-12-02T03:00:00Z"))
        let secondRun = try Self.run(recorder: second)
        var compared: [DomainReport] = []
        _ = try await secondRun.run(targets) { compared.append($0.report) }
        await secondRun.end(status: .failures)
        #expect(compared.count == 3 && compared.allSatisfy { $0.changes != nil && $0.changes?.hasChanges == false },
                "\(compared.map { "\($0.domain): \(String(describing: $0.changes))" })")

        // Third run: the writer fails at the second domain; the run is rethrown and stays incomplete.
        struct DiskFull: Error {}
        let third = RunRecorder()
        await third.open(path, start: Self.start("2026-12-03T03:00:00Z"))
        let thirdRun = try Self.run(recorder: third)
        var written = 0
        await #expect(throws: DiskFull.self) {
            _ = try await thirdRun.run(targets, inOrder: true) { _ in
                written += 1
                if written == 2 { throw DiskFull() }
            }
        }

        let history = try await RunHistory.open(HistoryLocation(path))
        let runs = try await history.runs()
        await history.close()
        let byID = Dictionary(uniqueKeysWithValues: runs.map { ($0.id, $0) })
        #expect(runs.count == 3, "\(runs)")
        #expect(byID[1]?.status == .complete && byID[1]?.domains == 3 && byID[1]?.exitStatus == ExitStatus.failures.rawValue)
        #expect(byID[2]?.status == .complete && byID[2]?.domains == 3)
        // The domains handed to the writer were recorded before it (the one it failed on too): never a complete run of fewer.
        #expect(byID[3]?.status == .incomplete && (1...2).contains(byID[3]?.domains ?? 0), "\(String(describing: byID[3]))")
    }
}
