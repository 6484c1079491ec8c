import Foundation
import LabServers
#if canImport(Glibc)
import Glibc
#endif

/// The bulk benchmark: the `mailaudit` binary auditing N distinct domains of a generated
/// zone, DNS only, as a bulk user runs it (`audit --domains-file --format jsonl --no-smtp`),
/// through an NSD of its own asked directly, or through a relay that makes it far away or
/// lossy. Prints, per run: domains/s, CPU-milliseconds per domain (the child's user + system
/// time), DNS queries per domain (from `--stats`), peak RSS and bytes of output per domain.
struct BulkBenchmark {
    let counts: [Int]
    let binary: String
    let address: String
    let delay: Double
    let loss: Double
    let extra: [String]
    let keepOutput: Bool
    /// The binary predates `--stats` and `--progress` (for figures from before): those are
    /// not passed, and queries are counted by a relay in front of NSD instead.
    let legacy: Bool
    /// The zone is signed, every other domain (odd numbers) is a zone of its own delegated
    /// without DS (insecure), and each count is audited without validation and with it.
    var dnssec = false

    /// The zone's mix, by the domain's number (deterministic): 10% of the listed domains do
    /// not exist; every other has MX at one of 50 shared hosts; 80% publish SPF (with an
    /// include), 50% DMARC, 30% a DKIM key at selector1 (so `_domainkey` exists and the
    /// common selectors are asked), 5% MTA-STS and TLS-RPT records.
    static func records(of index: Int) -> [(String, [ScenarioNSD.Record])]? {
        if index % 10 == 9 { return nil }
        let name = "d\(index).bulk.test"
        var out: [(String, [ScenarioNSD.Record])] = []
        var apex: [ScenarioNSD.Record] = [.mx(10, "mx\(index % 50).bulk.test")]
        if index % 5 != 0 { apex.append(.txt([Array("v=spf1 mx include:_spf.bulk.test ~all".utf8)])) }
        out.append((name, apex))
        if index % 2 == 0 { out.append(("_dmarc.\(name)", [.txt([Array("v=DMARC1; p=none; rua=mailto:dmarc@\(name)".utf8)])])) }
        if index % 10 < 3 { out.append(("selector1._domainkey.\(name)", [.txt([Array(("v=DKIM1; k=rsa; p=" + dkimKey).utf8)])])) }
        if index % 20 == 1 {
            out.append(("_mta-sts.\(name)", [.txt([Array("v=STSv1; id=20261129".utf8)])]))
            out.append(("_smtp._tls.\(name)", [.txt([Array("v=TLSRPTv1; rua=mailto:tlsrpt@\(name)".utf8)])]))
        }
        return out
    }

    /// A 1024-bit RSA public key (SubjectPublicKeyInfo), as DKIM records carry them.
    static let dkimKey = "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCqKmnoGxXAcr8HBgi0eCLNpMKSJOILlumJ3tZHJ4+RroeSthKZR6SqTrrL5dauNPpIDgVWWCsyDZohK6DoPHB8cmqJcx+H5tZ3UCOF9nseiDqHJyYia5rliptNgr2Zr8L319Wsgwf7Dwr0wDPhgYqizR/rWcJ3q8Xop6kT11NXwwIDAQAB"

    func run() throws {
        let largest = counts.max() ?? 0
        print("mailaudit-bench bulk: \(binary) audit --no-smtp --format jsonl \(extra.joined(separator: " "))")
        print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores; zone bulk.test on NSD \(address) (asked directly)"
              + (delay > 0 || loss > 0 ? String(format: ", through a relay adding %.0f ms and dropping %.0f%% of queries", delay * 1000, loss * 100) : ""))
        var names: [String: [ScenarioNSD.Record]] = ["_spf.bulk.test": [.txt([Array("v=spf1 ip4:192.0.2.0/24 -all".utf8)])]]
        for host in 0..<50 { names["mx\(host).bulk.test"] = [.a("192.0.2.\(host + 1)")] }
        for index in 0..<largest {
            for (name, records) in Self.records(of: index) ?? [] { names[name] = records }
        }
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("mailaudit-bulk-bench-\(getpid())")
        let began = Date()
        let delegated = dnssec ? Set((0..<largest).filter { $0 % 2 == 1 && Self.records(of: $0) != nil }.map { "d\($0).bulk.test" }) : []
        let nsd = try ScenarioNSD(address: address, names: names, timeouts: [], folder: folder, signed: dnssec, delegated: delegated)
        defer {
            nsd.stop()
            try? FileManager.default.removeItem(at: folder)
        }
        names = [:]
        print(String(format: "zone: %d domains (%d exist) loaded in %.1f s", largest, largest - largest / 10, Date().timeIntervalSince(began))
              + (dnssec ? "; signed, \(delegated.count) of them in unsigned zones of their own (delegated without DS)" : ""))
        let relay = delay > 0 || loss > 0 || legacy ? try LatencyRelay(upstream: address, delay: delay, loss: loss) : nil
        defer { relay?.stop() }
        let resolver = relay?.resolver ?? address

        let variants: [(label: String, arguments: [String])] = dnssec
            ? [("without validation", ["--no-dnssec-validation"]), ("validated", ["--trust-anchor", nsd.trustAnchorFile ?? ""])]
            : [("", legacy ? [] : ["--no-dnssec-validation"])]
        for count in counts {
            for variant in variants {
                if !variant.label.isEmpty { print("  \(variant.label):") }
                try measure(count, folder: folder, resolver: resolver, relay: relay, validation: variant.arguments)
            }
        }
    }

    /// One audit of `count` domains, its figures printed.
    private func measure(_ count: Int, folder: URL, resolver: String, relay: LatencyRelay?, validation: [String]) throws {
        do {
            let list = folder.appendingPathComponent("domains-\(count).txt")
            try (0..<count).map { "d\($0).bulk.test\n" }.joined().write(to: list, atomically: true, encoding: .utf8)
            let output = keepOutput ? "/tmp/mailaudit-bulk-\(count).jsonl" : folder.appendingPathComponent("out.jsonl").path
            let arguments = ["audit", "--domains-file", list.path, "--resolver", resolver, "--no-smtp", "--format", "jsonl",
                             "--output", output] + (legacy ? [] : ["--stats", "--no-progress"]) + validation + extra
            let queriesBefore = relay?.queries ?? 0
            let result = try Self.spawn(binary, arguments)
            let size = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
            let stats = Self.statistics(result.stderr)
            let cpu = result.userSeconds + result.systemSeconds
            let queries = stats["dns_queries"].flatMap(Double.init) ?? (legacy ? Double(relay!.queries - queriesBefore) : nil)
            print(String(format: "%7d domains: %.2f s, %.0f domains/s, %.2f CPU-ms per domain (user %.2f s, system %.2f s), "
                         + "%@ queries per domain%@, peak RSS %.1f MB (anonymous %.1f MB), %.0f bytes of output per domain (exit %d)",
                         count, result.seconds, Double(count) / result.seconds, cpu * 1000 / Double(count), result.userSeconds,
                         result.systemSeconds, queries.map { String(format: "%.1f", $0 / Double(count)) } ?? "?",
                         stats["dns_retransmissions"].map { ", \($0) retransmitted" } ?? "",
                         Double(result.maxRSSKiB) / 1024, Double(result.maxAnonymousKiB) / 1024, Double(size) / Double(count), result.status))
            if let validations = stats["dnssec_validations"] {
                print(String(format: "         DNSSEC: %@ validations, %.1f validator queries per domain, %@ unanswered",
                             validations, (stats["dnssec_queries"].flatMap(Double.init) ?? 0) / Double(count), stats["dnssec_unanswered"] ?? "?"))
            }
            if let relay {
                print("         relay: \(relay.queries - queriesBefore) queries arrived")
            }
            if result.status > 3 || (stats.isEmpty && !legacy) {
                print("         stderr: " + result.stderr.suffix(600))
            }
        }
    }

    /// `mailaudit: stats: key=value ...` as a dictionary.
    static func statistics(_ stderr: String) -> [String: String] {
        guard let line = stderr.split(separator: "\n").last(where: { $0.hasPrefix("mailaudit: stats: ") }) else { return [:] }
        var pairs: [String: String] = [:]
        for word in line.dropFirst("mailaudit: stats: ".count).split(separator: " ") {
            let parts = word.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { pairs[String(parts[0])] = String(parts[1]) }
        }
        return pairs
    }

    struct Child {
        var status: Int32
        var seconds: Double
        var userSeconds: Double
        var systemSeconds: Double
        var maxRSSKiB: Int
        /// The most anonymous memory (heap, stacks: the process's own, without the shared
        /// libraries' pages that RSS also counts), sampled every 20 ms from /proc.
        var maxAnonymousKiB: Int
        var stderr: String
    }

    /// Samples /proc/PID/status (RssAnon) until stopped; the peak seen.
    final class AnonymousMemoryPeak: @unchecked Sendable {
        private let lock = NSLock()
        private var peak = 0
        private var highWater = 0
        private var running = true
        private let done = DispatchSemaphore(value: 0)

        init(pid: pid_t) {
            let thread = Thread { [self] in
                defer { done.signal() }
                while lock.withLock({ running }) {
                    if let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) {
                        func kib(_ key: String) -> Int? {
                            text.split(separator: "\n").first(where: { $0.hasPrefix(key) })
                                .flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") }
                        }
                        lock.withLock {
                            peak = max(peak, kib("RssAnon:") ?? 0)
                            highWater = max(highWater, kib("VmHWM:") ?? 0)
                        }
                    }
                    usleep(20_000)
                }
            }
            thread.start()
        }

        /// The peaks: anonymous memory, and resident memory (VmHWM, the high-water mark of
        /// the program after exec: wait4's ru_maxrss also counts the spawning parent's pages
        /// that the child shared before exec).
        func stop() -> (anonymous: Int, resident: Int) {
            lock.withLock { running = false }
            done.wait()
            return lock.withLock { (peak, highWater) }
        }
    }

    /// Runs a program to its end; its own resource use from wait4(2).
    static func spawn(_ path: String, _ arguments: [String]) throws -> Child {
        let errorFile = NSTemporaryDirectory() + "mailaudit-bulk-stderr-\(getpid())"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errorFile, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let began = Date()
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard spawned == 0 else { throw BenchError(description: "cannot run \(path): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        var usage = rusage()
        let sampler = AnonymousMemoryPeak(pid: pid)
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let anonymous = sampler.stop()
        let seconds = Date().timeIntervalSince(began)
        let stderr = (try? String(contentsOfFile: errorFile, encoding: .utf8)) ?? ""
        unlink(errorFile)
        func time(_ value: timeval) -> Double { Double(value.tv_sec) + Double(value.tv_usec) / 1e6 }
        let exited = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Child(status: exited, seconds: seconds, userSeconds: time(usage.ru_utime), systemSeconds: time(usage.ru_stime),
                     maxRSSKiB: anonymous.resident, maxAnonymousKiB: anonymous.anonymous, stderr: stderr)
    }

    struct BenchError: Error, CustomStringConvertible {
        let description: String
    }
}
