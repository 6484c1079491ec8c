import ArgumentParser
import AuditPipeline
import Collector
import DNSClient
import Foundation
import History
import MailFacts
import Reports
import RuleEngine
import SMTPProbe

/// DNS client throughput and latency against a server (the lab's NSD by default).
/// A program that prints figures, not a timed test: run it with
///   Tests/lab/lab.sh start && swift run -c release mailaudit-bench
@main
struct Benchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mailaudit-bench",
        abstract: "Measure the DNS client: queries per second sequentially and with many in flight."
    )

    @Option(help: "The DNS server to query, IP[:PORT] (default: the lab's child NSD).")
    var server: String = "\(ProcessInfo.processInfo.environment["MAILAUDIT_LAB_NET"] ?? "127.77.0").52"

    @Option(help: "The zone whose names are asked (a wildcard zone, so every name is distinct).")
    var zone: String = "bench.test"

    @Option(help: "Queries in the sequential run.")
    var sequential: Int = 20_000

    @Option(help: "Queries in each concurrent run.")
    var queries: Int = 200_000

    @Option(help: "Worker threads for the concurrent runs (comma-separated list).")
    var workers: String = "1,2,4,8"

    @Option(help: "Queries kept in flight by the caller in the concurrent runs.")
    var inFlight: Int = 512

    @Option(help: "Repeat each concurrent run this many times and report each.")
    var repeats: Int = 3

    @Option(help: "Also audit this many domains (collect + judge, through the lab's unbound) and report domains/s and memory; 0 skips it.")
    var audits: Int = 0

    @Option(help: "Domains audited at once in the audit run.")
    var auditConcurrency: Int = 32

    @Option(help: "After the audit run, record its reports as this many nightly runs in a new SQLite history (and --history-url) and report the size and time; 0 skips it.")
    var historyNights: Int = 0

    @Option(help: "The share of domains whose records change each simulated night (their SPF record), 0 to 1.")
    var historyChangeRate: Double = 0.02

    @Option(help: "Also record the nights into this PostgreSQL history (postgres://...), for its write time.")
    var historyURL: String?

    @Flag(help: "In the audit run, also probe the mail servers (every bench domain has MX mx1.good.test: one probe for all).")
    var auditProbes = false

    @Flag(help: "In the audit run, also make the name-server checks (as mailaudit audit does by default): each zone once per run.")
    var auditNSChecks = false

    @Flag(help: "Instead of the DNS figures: probe the lab's whole MX set (SMTP, STARTTLS, certificates, DANE, MTA-STS policies) and time it.")
    var probes = false

    @Option(help: ArgumentHelp(
        "Instead of the DNS figures: the mailaudit binary audits this many distinct domains of a generated zone (comma-separated list, e.g. 1000,100000), DNS only, JSON Lines.",
        valueName: "n,..."))
    var bulk: String?

    @Option(help: "The mailaudit binary for --bulk (build it with swift build -c release).")
    var binary = ".build/release/mailaudit"

    @Option(help: "The loopback address of the bulk run's own NSD (authoritative for the generated zone).")
    var bulkAddress = "\(ProcessInfo.processInfo.environment["MAILAUDIT_LAB_NET"] ?? "127.77.0").121"

    @Option(help: "Milliseconds a relay adds to every query of the bulk run (a far resolver); 0: NSD asked directly.")
    var bulkDelayMs: Double = 0

    @Option(help: "The share of queries the relay drops in the bulk run, 0 to 1.")
    var bulkLoss: Double = 0

    @Option(help: "Further arguments for the bulk run's audit command, in one word split at spaces (e.g. --bulk-args='--concurrency 128 --facts full').")
    var bulkArgs = ""

    @Flag(help: "In the bulk run, sign the zone (every other domain in an unsigned zone of its own, delegated without DS) and audit each count twice: without DNSSEC validation and with it, from the zone's trust anchor.")
    var bulkDNSSEC = false

    @Flag(help: "Keep the bulk run's output in /tmp/mailaudit-bulk-N.jsonl.")
    var keepOutput = false

    @Flag(help: "The --binary is an older mailaudit without --stats and --progress (queries are then counted by a relay in front of NSD).")
    var legacyBinary = false

    func run() async throws {
        if probes { return try await probeRun() }
        if let bulk {
            let counts = bulk.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !counts.isEmpty, counts.allSatisfy({ $0 > 0 }) else { throw ValidationError("--bulk wants numbers of domains, e.g. 1000,100000") }
            return try BulkBenchmark(counts: counts, binary: binary, address: bulkAddress, delay: bulkDelayMs / 1000, loss: bulkLoss,
                                     extra: bulkArgs.split(separator: " ").map(String.init), keepOutput: keepOutput, legacy: legacyBinary, dnssec: bulkDNSSEC).run()
        }
        let target = try DNSServer(parsing: server)
        print("mailaudit-bench: DNS client against \(target), names under \(zone), EDNS 1232 with DO, cache off")
        print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores")

        // Sequential: one question at a time on this thread, no worker threads, no cache.
        let configuration = DNSClientConfiguration(servers: [target], timeout: 2, retries: 0, cachesAnswers: false)
        let session = DNSBlockingSession()
        var failures = 0
        var latencies: [Double] = []
        latencies.reserveCapacity(sequential)
        let began = Date()
        for index in 0..<sequential {
            let answer = StubResolver.blockingAnswer(DNSQuestion(name: "s\(index).\(zone)", type: .A),
                                                  configuration: configuration, session: session)
            if answer.outcome != .records { failures += 1 }
            latencies.append(answer.seconds)
        }
        report("sequential", count: sequential, seconds: Date().timeIntervalSince(began), failures: failures, latencies: latencies)

        // Concurrent: the async API (what the collector uses), many questions in flight.
        for threads in workers.split(separator: ",").compactMap({ Int($0) }) {
            for round in 1...max(1, repeats) {
                var settings = configuration
                settings.workers = threads
                let client = StubResolver(configuration: settings)
                let (seconds, failed, times) = await concurrentRun(client, round: round, threads: threads)
                report("\(threads) workers, \(inFlight) in flight, run \(round)", count: queries, seconds: seconds,
                       failures: failed, latencies: times)
            }
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print("peak resident memory: \(usage.ru_maxrss / 1024) MiB")
        if audits > 0 { try await auditRun() }
    }

    /// Every mail domain of the lab, collected with probes through one scheduler, all at once
    /// (as `audit` runs them): the wall time, the sessions the scheduler ran, and each
    /// domain's time. The slow-greeting case (6 s by design) bounds the wall time from below.
    private func probeRun() async throws {
        let net = ProcessInfo.processInfo.environment["MAILAUDIT_LAB_NET"] ?? "127.77.0"
        let labDir = ProcessInfo.processInfo.environment["MAILAUDIT_LAB_DIR"] ?? "/tmp/mailaudit-lab"
        let caFile = "\(labDir)/pki/ca.crt"
        let tlsCases = ["expired", "selfsigned", "wrongname", "nostarttls", "authplain", "oldtls", "slow", "soon"].map { "\($0).tls.test" }
        let stsCases = ["enforce", "testing", "missing", "redirect", "ctype", "large", "uncovered", "badcert"].map { "\($0).sts.test" }
        let domains = ["good.test", "dane.test"] + tlsCases + stsCases
        print("mailaudit-bench: probing the lab's MX set: \(domains.count) domains through \(net).54, CA \(caFile)")
        for round in 1...2 {
            let scheduler = ProbeScheduler()
            let dns = StubResolver(configuration: DNSClientConfiguration(servers: [try DNSServer(address: "\(net).54")], timeout: 2))
            let probe = try ProbeOptions(tls: try TLSClientContext(caFile: caFile), probeDeadline: 20, scheduler: scheduler)
            let collector = DomainCollector(dns: dns, options: CollectorOptions(deadline: 30, resolverNames: ["\(net).54"],
                                                                               commonDKIMSelectors: false, probe: probe))
            let began = Date()
            let times = await withTaskGroup(of: (String, Double, Int, Int).self) { group in
                for domain in domains {
                    group.addTask {
                        let facts = await collector.collect(try! DomainName(domain))
                        let endpoints = (facts.smtp?.endpoints.count ?? 0) + (facts.submission?.endpoints.count ?? 0)
                        return (domain, facts.collection.seconds, endpoints, facts.smtp?.endpoints.filter(\.reused).count ?? 0)
                    }
                }
                var all: [(String, Double, Int, Int)] = []
                for await item in group { all.append(item) }
                return all.sorted { $0.1 > $1.1 }
            }
            let wall = Date().timeIntervalSince(began)
            let sessions = await scheduler.sessionsRun
            let endpoints = times.reduce(0) { $0 + $1.2 }
            print(String(format: "round %d: %d domains, %d endpoint facts from %d SMTP sessions in %.2f s wall", round, domains.count, endpoints, sessions, wall))
            for (domain, seconds, count, reused) in times.prefix(5) {
                print("  " + domain.padding(toLength: 24, withPad: " ", startingAt: 0) + String(format: "%6.3f s  %d endpoints (%d shared)", seconds, count, reused))
            }
            let withoutSlow = times.filter { $0.0 != "slow.tls.test" }.map(\.1).max() ?? 0
            print(String(format: "  slowest domain without the 6 s greeting case: %.3f s", withoutSlow))
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print("peak resident memory: \(usage.ru_maxrss / 1024) MiB")
    }

    /// Whole audits of distinct domains under bench.test (a wildcard: each has MX
    /// mx1.good.test and nothing else), through the pipeline `mailaudit audit --format jsonl`
    /// uses: collected, judged under the default profile, encoded and dropped. Peak memory
    /// should not grow with the number of domains.
    private func auditRun() async throws {
        let resolverAddress = "\(ProcessInfo.processInfo.environment["MAILAUDIT_LAB_NET"] ?? "127.77.0").54"
        let client = StubResolver(configuration: DNSClientConfiguration(servers: [try DNSServer(address: resolverAddress)], timeout: 2, cachesAnswers: true))
        let labDir = ProcessInfo.processInfo.environment["MAILAUDIT_LAB_DIR"] ?? "/tmp/mailaudit-lab"
        let scheduler = ProbeScheduler()
        let probe = auditProbes
            ? try ProbeOptions(tls: try TLSClientContext(caFile: "\(labDir)/pki/ca.crt"), scheduler: scheduler) : nil
        let checker = auditNSChecks ? NameServerChecker(queries: DirectServerQueries(timeout: 2)) : nil
        let collector = DomainCollector(dns: client, options: CollectorOptions(deadline: 30, probe: probe, nameServers: checker))
        // The pipeline of `audit --format jsonl`: collect, judge under the default profile,
        // encode each domain's report as one line (counted, not written).
        let rules = try RuleSet.load(extraDirectory: nil)
        let auditor = Auditor(judge: RuleJudge(rules: rules), profile: try ProfileLoader.load("default", rules: rules))
        let names = try (0..<audits).map { try DomainName("a\($0).\(zone)") }
        let began = Date()
        var findings = 0, bytes = 0
        var memoryAtHalf = 0
        var completed = 0
        var kept: [DomainReport] = []
        // The users' run (`AuditRun`, as `mailaudit audit`), with no history: the nights below record into one.
        let run = AuditRun(auditor: auditor, collector: collector, concurrency: auditConcurrency)
        _ = try await run.run(names.map { CollectionTarget($0) }) { audited in
            if historyNights > 0 { kept.append(audited.report) }
            findings += audited.report.findings.count
            bytes += try JSONOutput.encode(audited.report, pretty: false).count
            completed += 1
            if completed == names.count / 2 {
                var half = rusage()
                getrusage(RUSAGE_SELF.rawValue, &half)
                memoryAtHalf = half.ru_maxrss / 1024
            }
        }
        let seconds = Date().timeIntervalSince(began)
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print(String(format: "audit: %d domains in %.2f s = %.0f domains/s, %d concurrently (%d findings, %d answers cached, %.1f KB of JSON Lines per domain)",
                     audits, seconds, Double(audits) / seconds, auditConcurrency, findings, client.cachedAnswerCount,
                     Double(bytes) / 1024 / Double(max(1, audits))))
        print("audit: peak resident memory \(memoryAtHalf) MiB at half the domains, \(usage.ru_maxrss / 1024) MiB at the end")
        if let checker {
            let (zones, queries) = await checker.totals()
            print("audit: name-server checks: \(zones) zones checked for \(audits) domains, \(queries) queries sent straight to name servers")
        }
        if auditProbes {
            let byPurpose = await scheduler.sessionsByPurpose
            print("audit: \(await scheduler.sessionsRun) SMTP connections for \(audits) domains: "
                  + byPurpose.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.value) \($0.key.rawValue)" }.joined(separator: ", "))
        }
        if historyNights > 0 {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailaudit-bench-history-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let path = folder.appendingPathComponent("history.db").path
            try await historyRun(kept, location: path, sizeOf: path)
            if let historyURL { try await historyRun(kept, location: historyURL, sizeOf: nil) }
        }
    }

    /// The audit run's reports recorded as `historyNights` nightly runs, each through the
    /// users' recorder (`RunRecorder`, as `mailaudit audit --history`: compared with the
    /// previous night, then written): each night with new times and timings (what differs
    /// between two runs of unchanged domains), and a share of the domains with a changed SPF
    /// record (a new facts and findings document each).
    private func historyRun(_ reports: [DomainReport], location text: String, sizeOf path: String?) async throws {
        let location = try HistoryLocation(text)
        var writeSeconds: [Double] = []
        let formatter = ISO8601DateFormatter()
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        var generator = SystemRandomNumberGenerator()
        for night in 0..<historyNights {
            let time = formatter.string(from: start.addingTimeInterval(Double(night) * 86_400))
            let began = Date()
            let recorder = RunRecorder()
            await recorder.open(text, start: RunStart(startedAt: time, toolVersion: "bench", profile: "default", rulesDigest: "bench",
                                                                  options: [:], host: "bench"))
            guard await recorder.recording else { throw BulkBenchmark.BenchError(description: "history \(location.display): \(await recorder.problems.joined(separator: "; "))") }
            for (position, var report) in reports.enumerated() {
                report.facts.collectedAt = time
                report.facts.collection.seconds = Double.random(in: 0.01...0.2, using: &generator)
                if night > 0, Double.random(in: 0..<1, using: &generator) < historyChangeRate, var spf = report.facts.spf {
                    spf.records = ["v=spf1 ip4:192.0.2.\(night % 250) mx -all"]
                    report.facts.spf = spf
                }
                _ = await recorder.process(report, position: position)
            }
            await recorder.finish(exitStatus: .ok)
            let problems = await recorder.problems
            guard problems.isEmpty else { throw BulkBenchmark.BenchError(description: "history \(location.display): \(problems.joined(separator: "; "))") }
            writeSeconds.append(Date().timeIntervalSince(began))
        }
        let history = try await RunHistory.open(location)
        let size = try await history.size()
        await history.close()
        var fileBytes = 0
        if let path {
            for suffix in ["", "-wal", "-shm"] {
                fileBytes += ((try? FileManager.default.attributesOfItem(atPath: path + suffix)[.size]) as? Int) ?? 0
            }
        }
        let runs = Double(reports.count * historyNights)
        let sorted = writeSeconds.sorted()
        print(String(format: "history (%@): %d nights × %d domains, %.0f%% of domains changing a night: %d documents, %.1f MB of documents%@",
                     location.display.hasPrefix("postgres") ? "PostgreSQL" : "SQLite", historyNights, reports.count, historyChangeRate * 100,
                     size.documents, Double(size.documentBytes) / 1_048_576,
                     path == nil ? "" : String(format: ", file %.1f MB = %.0f bytes per domain-run (a year of nights: %.0f MB)",
                                               Double(fileBytes) / 1_048_576, Double(fileBytes) / runs, Double(fileBytes) / runs * Double(reports.count) * 365 / 1_048_576)))
        print(String(format: "history: writing a night took %.2f s median, %.2f s max (%.2f ms per domain)",
                     sorted[sorted.count / 2], sorted.last ?? 0, sorted[sorted.count / 2] * 1000 / Double(max(1, reports.count))))
    }

    private func concurrentRun(_ client: StubResolver, round: Int, threads: Int) async -> (Double, Int, [Double]) {
        let count = queries
        let window = inFlight
        let zone = self.zone
        let began = Date()
        var failed = 0
        var times: [Double] = []
        times.reserveCapacity(count)
        await withTaskGroup(of: DNSAnswer.self) { group in
            var next = 0
            func add() {
                let name = "c\(threads)-\(round)-\(next).\(zone)"
                group.addTask { await client.query(name, .A) }
                next += 1
            }
            while next < min(window, count) { add() }
            for await answer in group {
                if answer.outcome != .records { failed += 1 }
                times.append(answer.seconds)
                if next < count { add() }
            }
        }
        return (Date().timeIntervalSince(began), failed, times)
    }

    private func report(_ label: String, count: Int, seconds: Double, failures: Int, latencies: [Double]) {
        let sorted = latencies.sorted()
        func percentile(_ p: Double) -> String {
            guard !sorted.isEmpty else { return "-" }
            let value = sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
            return String(format: "%.0f µs", value * 1e6)
        }
        print(String(format: "%@: %d queries in %.2f s = %.0f queries/s (p50 %@, p99 %@ per query; %d not answered)",
                     label, count, seconds, Double(count) / seconds, percentile(0.5), percentile(0.99), failures))
    }
}
