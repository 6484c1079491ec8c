import Foundation
import LabSupport
import Testing

extension ProgramTests {
    /// Runs over many domains: shares for several machines merged by `report`, compact JSON
    /// Lines, JSON written as it goes, the progress line, the run's figures and `--qps`.
    @Suite("Bulk runs: --shard, report, compact JSON Lines, progress, --stats, --qps")
    struct BulkRunTests {
        /// Lab domains that exercise different rules (drift.test is left out: other tests
        /// change it), and some names under the wildcard bench.test.
        static let domains: [String] = [
            "good.test", "dane.test", "bogus.test", "unsigned.test", "nomx.test", "nullmx.test", "noaddr.test", "nosuch.test",
            "cnamemx.test", "dmarc.test", "records.test", "spf.test", "sts.test", "chain.test", "big.test",
        ] + (0..<25).map { "s\($0).bench.test" }

        static let validator: JSONSchemaValidator = {
            try! JSONSchemaValidator(schema: try! Data(contentsOf: Lab.packageRoot.appendingPathComponent("reports/report.schema.json")))
        }()

        private static func folder() throws -> URL {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailaudit-bulk-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return folder
        }

        /// Per domain, its findings that did not pass and its summary counts: what a merged
        /// report must give exactly as a single run does (timings and times differ), and with
        /// `messages`, what the findings say too (the same audit read back: a second audit's
        /// resolver may word a DNSSEC failure differently).
        private static func verdicts(_ json: String, messages: Bool = true) throws -> [String: String] {
            let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            let domains = try #require(root["domains"] as? [[String: Any]])
            var out: [String: String] = [:]
            for domain in domains {
                let name = try #require(domain["domain"] as? String)
                let findings = try #require(domain["findings"] as? [[String: Any]])
                let problems = findings.filter { !["pass", "n/a"].contains($0["outcome"] as? String ?? "") }
                    .map { "\($0["ruleID"]!) \($0["outcome"]!) \($0["subject"]!) \($0["title"]!) \(($0["refs"] as? [String]) ?? [])"
                        + (messages ? " \($0["message"]!) \(($0["evidence"] as? [String]) ?? []) \($0["fix"] ?? "")" : "") }
                    .sorted()
                let summary = try #require(domain["summary"] as? [String: Any])
                let counts = ["pass", "info", "warn", "fail", "error", "n/a", "blocked", "superseded"].map { "\($0)=\(summary[$0] ?? "?")" }
                out[name] = (counts + problems).joined(separator: "\n")
            }
            return out
        }

        @Test("three shards: every domain in exactly one, the union is the list, the merged report is the single run's", .tags(.lab))
        func shards() async throws {
            try await Lab.start()
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let list = folder.appendingPathComponent("domains.txt")
            try Self.domains.joined(separator: "\n").write(to: list, atomically: true, encoding: .utf8)
            let common = ["--domains-file", list.path, "--resolver", Lab.resolver, "--no-smtp"]

            var seen: [String: Int] = [:]
            var files: [String] = []
            for share in 0..<3 {
                let path = folder.appendingPathComponent("share-\(share).jsonl").path
                let run = await Binary.run(["audit"] + common + ["--shard", "\(share)/3", "--format", "jsonl", "--output", path], timeout: 120)
                #expect(run.status == 2 || run.status == 3, "\(run.stderr)")
                for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
                    #expect(try Self.validator.validate(Data(line.utf8), against: "domainReport").isEmpty, "\(line.prefix(200))")
                    let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                    #expect(record["findingsDetail"] as? String == "compact")
                    seen[try #require(record["domain"] as? String), default: 0] += 1
                }
                files.append(path)
            }
            #expect(Set(seen.keys) == Set(Self.domains), "the union of the shares is the list")
            #expect(seen.values.allSatisfy { $0 == 1 }, "no domain in two shares: \(seen.filter { $0.value != 1 })")
            // Each share holds some: the hash spreads 40 names over 3 shares.
            #expect(Set(files.map { try! String(contentsOfFile: $0, encoding: .utf8).split(separator: "\n").count }).allSatisfy { $0 > 3 })

            // A reordered list gives each domain the same share.
            let reversed = folder.appendingPathComponent("reversed.txt")
            try Self.domains.reversed().joined(separator: "\n").write(to: reversed, atomically: true, encoding: .utf8)
            let again = await Binary.run(["audit", "--domains-file", reversed.path, "--resolver", Lab.resolver, "--no-smtp",
                                          "--shard", "1/3", "--format", "jsonl", "--facts", "none"], timeout: 120)
            let firstShare = try String(contentsOfFile: files[1], encoding: .utf8)
            let names = { (text: String) in Set(text.split(separator: "\n").compactMap { line -> String? in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["domain"] as? String }) }
            #expect(names(again.stdout) == names(firstShare))

            // The merged report, in the list's order, equals one run over the whole list.
            let merged = await Binary.run(["report"] + files + ["--domains-file", list.path, "--format", "json"])
            #expect(merged.status == 2 || merged.status == 3, "\(merged.stderr)")
            #expect(try Self.validator.validate(Data(merged.stdout.utf8)).isEmpty)
            let single = await Binary.run(["audit"] + common + ["--format", "json"], timeout: 120)
            #expect(merged.status == single.status)
            let mergedVerdicts = try Self.verdicts(merged.stdout, messages: false), singleVerdicts = try Self.verdicts(single.stdout, messages: false)
            #expect(mergedVerdicts.count == Self.domains.count)
            for domain in Self.domains {
                #expect(mergedVerdicts[domain] == singleVerdicts[domain], "\(domain)")
            }
            // What each finding says (message, fix) comes through the compact records unchanged.
            var fromRecords: [String: [String]] = [:]
            for file in files {
                for line in try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n") {
                    let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                    let findings = try #require(record["findings"] as? [[String: Any]])
                    fromRecords[record["domain"] as! String] = findings.map { "\($0["ruleID"]!) \($0["message"] ?? "") \($0["fix"] ?? "")" }.sorted()
                }
            }
            let mergedRoot = try #require(try JSONSerialization.jsonObject(with: Data(merged.stdout.utf8)) as? [String: Any])
            for domain in try #require(mergedRoot["domains"] as? [[String: Any]]) {
                let findings = try #require(domain["findings"] as? [[String: Any]])
                #expect(findings.map { "\($0["ruleID"]!) \($0["message"] ?? "") \($0["fix"] ?? "")" }.sorted() == fromRecords[domain["domain"] as! String])
            }
            let order = try #require((try JSONSerialization.jsonObject(with: Data(merged.stdout.utf8)) as? [String: Any])?["domains"] as? [[String: Any]])
            #expect(order.compactMap { $0["domain"] as? String } == Self.domains, "in the list's order")
            // The text report of the merged shares gives the rules' titles back.
            let text = await Binary.run(["report"] + files + ["--format", "text"])
            #expect(text.stdout.contains("FAIL  domain: The domain does not exist (domain.exists)"), "\(text.stdout.prefix(400))")
        }

        @Test("--shard and report refuse what they cannot use, in one line, exit 3")
        func badInput() async throws {
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            for shard in ["3/3", "1/0", "x", "-1/2"] {
                let run = await Binary.run(["audit", "example.org", "--shard", shard])
                #expect(run.status == 3 && run.stderr.contains("--shard"), "\(shard): \(run.stderr)")
            }
            let garbage = folder.appendingPathComponent("garbage.jsonl")
            try "{\"domain\": \"a.example\", \"summary\": {}}\nnot json\n".write(to: garbage, atomically: true, encoding: .utf8)
            let run = await Binary.run(["report", garbage.path])
            #expect(run.status == 3)
            #expect(run.stderr.hasPrefix("mailaudit: \(garbage.path):1: not a record from `mailaudit audit --format jsonl`"), "\(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1)
            let missing = await Binary.run(["report", folder.appendingPathComponent("none.jsonl").path])
            #expect(missing.status == 3 && missing.stderr.contains("cannot read"), "\(missing.stderr)")
        }

        @Test("JSON is written as the domains come, in the order given; JSON Lines is compact, full with --facts full", .tags(.lab))
        func streamedFormats() async throws {
            try await Lab.start()
            let names = Array(Self.domains.prefix(12))
            let json = await Binary.run(["audit"] + names + ["--resolver", Lab.resolver, "--no-smtp", "--format", "json", "--concurrency", "3"])
            #expect(try Self.validator.validate(Data(json.stdout.utf8)).isEmpty)
            let root = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let domains = try #require(root["domains"] as? [[String: Any]])
            #expect(domains.compactMap { $0["domain"] as? String } == names)
            let summary = try #require(root["summary"] as? [String: Any])
            #expect(summary["domains"] as? Int == names.count && summary["exitStatus"] as? Int == Int(json.status))
            #expect(summary["fail"] as? Int == domains.reduce(0) { $0 + (($1["summary"] as? [String: Any])?["fail"] as? Int ?? 0) })
            // Full facts in JSON, as `check` reads them.
            #expect((domains.first?["facts"] as? [String: Any])?["mx"] is [String: Any])

            let compact = await Binary.run(["audit", "nomx.test", "--resolver", Lab.resolver, "--no-smtp", "--format", "jsonl"])
            let full = await Binary.run(["audit", "nomx.test", "--resolver", Lab.resolver, "--no-smtp", "--format", "jsonl", "--facts", "full"])
            // Compact: the problems and the four checks not tested here (DNSSEC without a verdict, --no-smtp).
            #expect(compact.stdout.utf8.count < 5000 && full.stdout.utf8.count > 10_000, "\(compact.stdout.utf8.count) vs \(full.stdout.utf8.count)")
            for record in [compact.stdout, full.stdout] {
                #expect(try Self.validator.validate(Data(record.utf8), against: "domainReport").isEmpty)
            }
            let fullRecord = try #require(try JSONSerialization.jsonObject(with: Data(full.stdout.utf8)) as? [String: Any])
            #expect(fullRecord["findingsDetail"] == nil && (fullRecord["findings"] as? [[String: Any]])?.first?["title"] is String)
            // A compact record still validates against the schema only as a compact one.
            let lying = compact.stdout.replacingOccurrences(of: #""findingsDetail":"compact","#, with: "")
            #expect(lying != compact.stdout)
            #expect(!(try Self.validator.validate(Data(lying.utf8), against: "domainReport")).isEmpty)
        }

        @Test("the progress line: on stderr when asked (or a terminal), never on stdout; --stats gives the run's figures", .tags(.lab))
        func progressAndStatistics() async throws {
            try await Lab.start()
            let names = Array(Self.domains.suffix(10))
            let quiet = await Binary.run(["audit"] + names + ["--resolver", Lab.resolver, "--no-smtp", "--format", "jsonl"])
            #expect(!quiet.stderr.contains("domains"), "not a terminal: no progress line: \(quiet.stderr)")
            let shown = await Binary.run(["audit"] + names + ["--resolver", Lab.resolver, "--no-smtp", "--format", "jsonl",
                                                              "--progress", "--stats", "--no-nxdomain-cut"])
            #expect(shown.stdout.split(separator: "\n").count == 10 && !shown.stdout.contains("\r"))
            #expect(shown.stderr.contains("\r\u{1B}[K"), "redrawn in place")
            let last = try #require(shown.stderr.components(separatedBy: "\r\u{1B}[K").last?.split(separator: "\n").first)
            #expect(last.hasPrefix("10/10 domains · ") && last.contains("done in") && last.contains("0 not audited"), "\(last)")
            let stats = try #require(shown.stderr.split(separator: "\n").first { $0.hasPrefix("mailaudit: stats: ") })
            let pairs = Dictionary(uniqueKeysWithValues: stats.dropFirst("mailaudit: stats: ".count).split(separator: " ").map {
                (String($0.split(separator: "=")[0]), String($0.split(separator: "=")[1])) })
            #expect(pairs["domains"] == "10")
            // Ten wildcard names, none with _domainkey NXDOMAIN: every common selector asked.
            let queries = try #require(pairs["dns_queries"].flatMap(Int.init))
            #expect(queries > 10 * 37, "\(stats)")
            #expect(pairs["dns_questions"].flatMap(Int.init).map { $0 >= queries } == true)
            let off = await Binary.run(["audit"] + names + ["--resolver", Lab.resolver, "--no-smtp", "--format", "jsonl", "--no-progress"])
            #expect(!off.stderr.contains("domains ·"))
        }

        @Test("check judges the full facts of a JSON Lines run again; a compact run is refused, saying how to get full facts", .tags(.lab))
        func checkFromRecords() async throws {
            try await Lab.start()
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let full = folder.appendingPathComponent("full.jsonl").path, compact = folder.appendingPathComponent("compact.jsonl").path
            let audit = await Binary.run(["audit", "good.test", "nomx.test", "--resolver", Lab.resolver, "--no-smtp", "--format", "jsonl",
                                          "--facts", "full", "--output", full])
            _ = await Binary.run(["audit", "good.test", "--resolver", Lab.resolver, "--no-smtp", "--format", "jsonl", "--output", compact])
            let checked = await Binary.run(["check", "--facts", full, "--format", "json"])
            #expect(checked.status == audit.status, "\(checked.stderr)")
            let audited = await Binary.run(["report", full, "--format", "json"])
            #expect(try Self.verdicts(checked.stdout) == Self.verdicts(audited.stdout))
            let refused = await Binary.run(["check", "--facts", compact])
            #expect(refused.status == 3 && refused.stderr.contains("audit with --facts full"), "\(refused.stderr)")
            #expect(refused.stderr.split(separator: "\n").count == 1)
        }

        @Test("the RFC 8020 cut: a domain without _domainkey costs 37 fewer questions, and the facts say so", .tags(.lab))
        func nxdomainCut() async throws {
            try await Lab.start()
            func queries(_ extra: [String]) async throws -> (Int, [String: Any]) {
                let run = await Binary.run(["audit", "nomx.test", "--resolver", Lab.resolver, "--no-smtp", "--format", "jsonl",
                                            "--facts", "full", "--stats"] + extra)
                let stats = try #require(run.stderr.split(separator: "\n").first { $0.hasPrefix("mailaudit: stats: ") })
                // Questions, not datagrams: a retransmission would not be a question more.
                let count = try #require(stats.split(separator: " ").first { $0.hasPrefix("dns_questions=") }.flatMap { Int($0.dropFirst(14)) })
                let record = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
                let dkim = try #require((record["facts"] as? [String: Any])?["dkim"] as? [String: Any])
                return (count, dkim)
            }
            let (cut, cutFacts) = try await queries([])
            let (uncut, uncutFacts) = try await queries(["--no-nxdomain-cut"])
            #expect(cutFacts["nxdomainCut"] as? Bool == true && cutFacts["commonSelectorsTried"] as? Int == 0)
            #expect(uncutFacts["nxdomainCut"] == nil && uncutFacts["commonSelectorsTried"] as? Int == 37)
            #expect(uncut - cut == 37, "\(uncut) vs \(cut)")
        }

        @Test("--qps holds the run to the rate (within 5%) through a resolver of its own, DNSSEC validation's queries included", .tags(.lab))
        func queriesPerSecond() async throws {
            try await Lab.start()
            let relay = try LatencyRelay(upstream: Lab.resolver, delay: 0)
            defer { relay.stop() }
            // Signed and unsigned domains, validated by mailaudit: libunbound's queries go to
            // the same resolver and count toward the same rate.
            let names = (0..<20).map { "q\($0).bench.test" } + ["good.test", "signed.test", "unsigned.test", "bogus.test"]
            let run = await Binary.run(["audit"] + names + ["--resolver", relay.resolver, "--no-smtp", "--format", "jsonl",
                                                            "--facts", "none", "--qps", "200", "--concurrency", "20",
                                                            "--trust-anchor", Lab.trustAnchorFile, "--stats", "--no-progress"], timeout: 60)
            #expect(run.status == 2, "\(run.stderr)")
            #expect(!run.stderr.contains("validation is off"), "\(run.stderr)")
            let stats = try #require(run.stderr.split(separator: "\n").first { $0.hasPrefix("mailaudit: stats: ") }, "\(run.stderr)")
            func figure(_ name: String) -> Int? {
                stats.split(separator: " ").first { $0.hasPrefix(name + "=") }.flatMap { Int($0.dropFirst(name.count + 1)) }
            }
            #expect((figure("dnssec_validations") ?? 0) >= 8 && (figure("dnssec_queries") ?? 0) >= 4, "validation ran under --qps: \(stats)")
            let times = relay.arrivalTimes
            // Every query of the run reached the resolver through the relay: the stub resolver's and libunbound's.
            #expect(times.count >= (figure("dns_queries") ?? 0) + (figure("dnssec_queries") ?? 0), "\(times.count) arrivals for \(stats)")
            #expect(times.count > 400, "enough queries to measure a rate: \(times.count)")
            let rate = Double(times.count - 1) / (times.last! - times.first!)
            #expect(rate <= 210, "\(rate) queries/s over the run for --qps 200")
            // While the run has more to ask than the rate allows (all but its last moments),
            // it keeps to the rate, not below it.
            let middle = Array(times[(times.count / 10)...(times.count * 9 / 10)])
            let steady = Double(middle.count - 1) / (middle.last! - middle.first!)
            #expect(steady >= 190 && steady <= 210, "\(steady) queries/s in the middle of the run")
            // No second holds more than the rate and the two slots a late sender may use.
            var busiest = 0, start = 0
            for end in times.indices {
                while times[end] - times[start] >= 1 { start += 1 }
                busiest = max(busiest, end - start + 1)
            }
            #expect(busiest <= 203, "\(busiest) queries within one second")
        }
    }
}
