import Foundation
import LabSupport
import Testing

extension ProgramTests {
    /// `audit --history`, `--baseline`, `--fail-on new`, `--quiet`, `history` and `diff`,
    /// against the lab: edited.test, the one zone a test may change, is changed between two audits (lab.sh rezone reloads
    /// NSD), and the history is a real SQLite file or a real PostgreSQL database.
    @Suite("mailaudit history and drift, run as programs", .serialized)
    struct HistoryCommandTests {
        enum Backend: String, CaseIterable, Sendable { case sqlite, postgres }

        static func fresh(_ backend: Backend, in folder: URL) async throws -> String {
            switch backend {
            case .sqlite: return folder.appendingPathComponent("history.db").path
            case .postgres: return try await PostgresLab.freshDatabase()
            }
        }

        static func folder() throws -> URL {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("history-cli-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return folder
        }

        /// edited.test as in the lab's zone file, or changed: MX to mx2, SPF ~all, DMARC p=none.
        static func setDriftZone(changed: Bool, in folder: URL) async throws {
            var zone = try String(contentsOf: Lab.packageRoot.appendingPathComponent("Tests/lab/zones/edited.test.zone"), encoding: .utf8)
            if changed {
                zone = zone.replacingOccurrences(of: "MX  10 mx1.good.test.", with: "MX  20 mx2.good.test.")
                    .replacingOccurrences(of: "v=spf1 mx -all", with: "v=spf1 mx ~all")
                    .replacingOccurrences(of: "p=reject", with: "p=none")
            }
            let file = folder.appendingPathComponent(changed ? "edited-changed.zone" : "edited.zone")
            try zone.write(to: file, atomically: true, encoding: .utf8)
            let result = await Run.program(["/bin/bash", Lab.packageRoot.appendingPathComponent("Tests/lab/lab.sh").path, "rezone", "edited.test", file.path], timeout: 30)
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        }

        static func json(_ text: String) throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not JSON: \(text.prefix(300))")
        }

        @Test("two runs with the zone changed between them: the drift in text and JSON, diff, history show, --fail-on new and --quiet",
              .tags(.lab), .serialized, arguments: Backend.allCases)
        func drift(_ backend: Backend) async throws {
            try await Lab.start()
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let history = try await Self.fresh(backend, in: folder)
            let audit = ["audit", "edited.test", "--resolver", Lab.resolver, "--no-smtp", "--history", history]

            try await Self.setDriftZone(changed: false, in: folder)
            let first = await Binary.run(audit)
            #expect(first.stderr.isEmpty, "\(first.stderr)")
            #expect(!first.stdout.contains("changes since"), "nothing to compare with on the first run: \(first.stdout)")

            try await Self.setDriftZone(changed: true, in: folder)
            let second = await Binary.run(audit)
            #expect(second.stdout.contains("changes since run 1"), "\(second.stdout)")
            #expect(second.stdout.contains("~ MX set: 10 mx1.good.test → 20 mx2.good.test"), "\(second.stdout)")
            #expect(second.stdout.contains("~ DMARC p: reject → none") && second.stdout.contains("~ SPF effective all: -all → ~all"))
            #expect(second.stdout.contains("NEW      warn: The DMARC policy does not act on failing mail"), "\(second.stdout)")

            // The same drift from the history, as JSON, and from `diff` and `history show`.
            let diff = await Binary.run(["diff", "edited.test", "--history", history, "--format", "json"])
            #expect(diff.status == 1, "something changed: exit 1 (\(diff.stderr))")
            let diffRoot = try Self.json(diff.stdout)
            let drift = try #require((diffRoot["drifts"] as? [[String: Any]])?.first)
            let facts = drift["facts"] as? [[String: Any]] ?? []
            #expect(facts.contains { $0["key"] as? String == "mx" && $0["from"] as? String == "10 mx1.good.test" && $0["to"] as? String == "20 mx2.good.test" })
            let findings = drift["findings"] as? [[String: Any]] ?? []
            #expect(findings.contains { $0["ruleID"] as? String == "dmarc.p-none" && $0["kind"] as? String == "new" && $0["to"] as? String == "warn" })
            let show = await Binary.run(["history", "show", "2", "--history", history, "--format", "json", "--facts", "none"])
            let shown = try #require((try Self.json(show.stdout)["domains"] as? [[String: Any]])?.first)
            #expect((shown["changes"] as? [String: Any])?["since"] as? String == "run 1", "\(show.stderr)")
            let schema = try Data(contentsOf: Lab.packageRoot.appendingPathComponent("reports/report.schema.json"))
            let problems = try JSONSchemaValidator(schema: schema).validate(Data(show.stdout.utf8))
            #expect(problems.isEmpty, "a report with changes follows the schema: \(problems.prefix(5))")
            let text = await Binary.run(["diff", "--history", history])
            #expect(text.stdout.contains("edited.test (run 2):") && text.stdout.contains("~ MX set"), "\(text.stdout)")

            // A third run of the same zone: nothing new. --fail-on new exits 0 despite the
            // warnings that stay; --quiet prints nothing.
            let third = await Binary.run(audit + ["--fail-on", "new", "--quiet"])
            #expect(third.status == 0 && third.stdout.isEmpty, "exit \(third.status): \(third.stdout) \(third.stderr)")
            let plain = await Binary.run(audit)
            #expect(plain.status == 1 && plain.stdout.contains("no changes since run 3"), "the warnings still count without --fail-on new")
            // Back to the first zone: p=none resolved; with --fail-on new nothing new fails.
            try await Self.setDriftZone(changed: false, in: folder)
            let back = await Binary.run(audit + ["--fail-on", "new"])
            #expect(back.status == 0 && back.stdout.contains("RESOLVED was warn"), "\(back.stdout)")
            let list = await Binary.run(["history", "list", "edited.test", "--history", history])
            #expect(list.stdout.split(separator: "\n").count == 5 && list.stdout.contains("run 5") && list.stdout.contains("complete"), "\(list.stdout)")
            let listed = try #require(try JSONSerialization.jsonObject(with: Data(await Binary.run(["history", "list", "--history", history, "--format", "json"]).stdout.utf8)) as? [[String: Any]])
            #expect(listed.count == 5)
        }

        @Test("the HTML report with a history: changes since the previous run, a timeline in inline SVG and the certificate countdown, rendered in headless Chromium",
              .tags(.lab))
        func html() async throws {
            try await Lab.start()
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let history = folder.appendingPathComponent("history.db").path
            let audit = ["audit", "edited.test", "good.test", "--resolver", Lab.resolver, "--ca-file", Lab.caFile, "--history", history]
            try await Self.setDriftZone(changed: false, in: folder)
            _ = await Binary.run(audit)
            _ = await Binary.run(audit)
            try await Self.setDriftZone(changed: true, in: folder)
            let page = folder.appendingPathComponent("report.html")
            let run = await Binary.run(audit + ["--format", "html", "--output", page.path])
            #expect(run.stderr.isEmpty, "\(run.stderr)")
            try await Self.setDriftZone(changed: false, in: folder)
            let chromium = try #require(["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) })
            let dom = await Run.program([chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--proxy-server=127.0.0.1:9",
                                         "--user-data-dir=\(folder.path)/profile", "--dump-dom", page.absoluteString], timeout: 90)
            #expect(dom.stdout.contains("changes since run 2"), "\(dom.stderr.suffix(300))")
            #expect(dom.stdout.contains("<svg class=\"timeline\"") && dom.stdout.contains("last 3 runs"), "a timeline of three runs")
            #expect(dom.stdout.contains("MX set") && dom.stdout.contains("20 mx2.good.test"))
            #expect(dom.stdout.contains("certificate: 364 days left") || dom.stdout.contains("certificate: 365 days left"), "the countdown for good.test")
            #expect(!dom.stdout.contains("<script"))
        }

        @Test("--baseline: changes since a saved JSON report; a baseline of other domains or another schema is one line, exit 3, and the report is still written",
              .tags(.lab))
        func baseline() async throws {
            try await Lab.start()
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let saved = folder.appendingPathComponent("baseline.json").path
            try await Self.setDriftZone(changed: false, in: folder)
            let base = await Binary.run(["audit", "edited.test", "--resolver", Lab.resolver, "--no-smtp", "--format", "json", "--output", saved])
            #expect(FileManager.default.fileExists(atPath: saved), "\(base.stderr)")
            try await Self.setDriftZone(changed: true, in: folder)
            let compared = await Binary.run(["audit", "edited.test", "--resolver", Lab.resolver, "--no-smtp", "--baseline", saved, "--fail-on", "new"])
            #expect(compared.stdout.contains("changes since baseline \(saved)") && compared.stdout.contains("~ MX set"), "\(compared.stdout)")
            #expect(compared.status == 1, "p=none is new: a warning")

            let out = folder.appendingPathComponent("report.json").path
            let other = await Binary.run(["audit", "good.test", "--resolver", Lab.resolver, "--no-smtp", "--baseline", saved,
                                          "--format", "json", "--output", out])
            #expect(other.status == 3 && other.stderr.contains("holds none of the domains audited (it has edited.test)"), "\(other.stderr)")
            #expect(other.stderr.split(separator: "\n").count == 1)
            #expect(FileManager.default.fileExists(atPath: out), "the report is still written")

            let old = folder.appendingPathComponent("old.json")
            try #"{"schemaVersion": 1, "domains": []}"#.write(to: old, atomically: true, encoding: .utf8)
            let stale = await Binary.run(["audit", "edited.test", "--resolver", Lab.resolver, "--no-smtp", "--baseline", old.path])
            // The domain's warning outranks the baseline's problem (WARNING > UNKNOWN); the problem is still said.
            #expect(stale.status == 1 && stale.stderr.contains("schemaVersion 1") && stale.stdout.contains("edited.test:"), "\(stale.stderr)")
            try await Self.setDriftZone(changed: false, in: folder)
        }

        @Test("a history that cannot be used: one line, exit 3, and the report is still written where --output says", .tags(.lab))
        func badHistory() async throws {
            try await Lab.start()
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let corrupt = folder.appendingPathComponent("corrupt.db")
            try Data(repeating: 0x5a, count: 4096).write(to: corrupt)
            let newer = folder.appendingPathComponent("newer.db").path
            _ = await Binary.run(["history", "list", "--history", newer])
            #expect(await Run.program(["/usr/bin/env", "sqlite3", newer, "UPDATE mailaudit_meta SET value = '7' WHERE key = 'schema_version'"]).status == 0)
            for (location, words) in [(corrupt.path, "not a usable SQLite database"), (newer, "newer mailaudit (schema 7"),
                                      ("\(folder.path)/missing/history.db", "cannot be written"),
                                      ("postgres://u:pw-9@\(Lab.address(55)):5432/h?sslmode=disable", "cannot reach PostgreSQL")] {
                let out = folder.appendingPathComponent("out-\(UUID()).json").path
                let result = await Binary.run(["audit", "good.test", "--resolver", Lab.resolver, "--no-smtp", "--history", location,
                                               "--format", "json", "--output", out], timeout: 60)
                #expect(result.status == 3 && result.stderr.contains(words) && result.stderr.split(separator: "\n").count == 1, "\(location): \(result.stderr)")
                #expect(!result.stderr.contains("pw-9"))
                #expect((try? Self.json(String(contentsOfFile: out, encoding: .utf8)))?["domains"] != nil, "\(location): the report is written")
            }
            let none = await Binary.run(["history", "list"])
            #expect(none.status == 3 && none.stderr.contains("no history given"), "\(none.stderr)")
        }

        @Test("a problem measured again after a --no-smtp run is not new: compared with the last run that measured it, its since kept",
              .tags(.lab))
        func remeasuredIsNotNew() async throws {
            try await Lab.start()
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let database = folder.appendingPathComponent("history.db").path
            // good.test has an MTA-STS policy, fetched with the probes; uncovered.sts.test's
            // policy leaves an MX out, a failure only the fetched policy shows.
            let base = ["audit", "expired.tls.test", "good.test", "uncovered.sts.test", "--resolver", Lab.resolver, "--ca-file", Lab.caFile,
                        "--history", database]
            let first = await Binary.run(base + ["--format", "json"])
            #expect(first.status == 2, "\(first.stderr)")
            let firstRoot = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
            let firstFindings = ((firstRoot["domains"] as? [[String: Any]])?.first?["findings"] as? [[String: Any]]) ?? []
            let began = try #require(firstFindings.first { $0["ruleID"] as? String == "smtp.cert-expired" && $0["outcome"] as? String == "fail" }?["since"] as? String)
            // The servers not probed: the expired certificate is not seen, and not resolved; the
            // policy not fetched is not removed; nothing for cron to mail.
            let blind = await Binary.run(base + ["--no-smtp", "--quiet", "--fail-on", "new"])
            #expect(blind.status == 0 && blind.stdout.isEmpty, "\(blind.stdout)")
            let blindShown = await Binary.run(["history", "show", "2", "--history", database])
            #expect(!blindShown.stdout.contains("RESOLVED") && !blindShown.stdout.contains("- MTA-STS policy mode"), "\(blindShown.stdout)")
            // diff: facts only not seen are listed, and are no change.
            let diff = await Binary.run(["diff", "--from", "1", "--to", "2", "--history", database])
            #expect(diff.status == 0 && diff.stdout.contains("not seen this time"), "\(diff.stdout)")
            // The metrics are not taken from the run that probed nothing: the certificate series stay.
            let metrics = await Binary.run(["history", "show", "--history", database, "--format", "prometheus"])
            #expect(metrics.stdout.contains("mailaudit_certificate_expiry_timestamp_seconds{domain=\"expired.tls.test\"")
                    && metrics.stderr.contains("run 2 did not probe the servers"), "\(metrics.stderr)")
            // Probed again: nothing new, no server fact "added"; the failure keeps its since.
            let again = await Binary.run(base + ["--format", "json"])
            let root = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any], "\(again.stderr)")
            let domain = try #require((root["domains"] as? [[String: Any]])?.first { $0["domain"] as? String == "expired.tls.test" })
            let good = try #require((root["domains"] as? [[String: Any]])?.first { $0["domain"] as? String == "good.test" })
            for each in root["domains"] as? [[String: Any]] ?? [] {
                #expect(((each["changes"] as? [String: Any])?["findings"] as? [Any])?.isEmpty == true,
                        "\(each["domain"] ?? ""): nothing new after the night that did not measure: \(String(describing: each["changes"]))")
            }
            #expect(((good["changes"] as? [String: Any])?["facts"] as? [Any])?.isEmpty == true, "no policy 'added': \(String(describing: good["changes"]))")
            let changes = try #require(domain["changes"] as? [String: Any])
            #expect((changes["findings"] as? [Any])?.isEmpty == true && (changes["facts"] as? [Any])?.isEmpty == true, "\(changes)")
            #expect(changes["since"] as? String == "run 2" && changes["alsoSince"] as? [String] == ["run 1"], "\(changes)")
            let expired = (domain["findings"] as? [[String: Any]] ?? []).first { $0["ruleID"] as? String == "smtp.cert-expired" && $0["outcome"] as? String == "fail" }
            #expect(expired?["since"] as? String == began, "\(String(describing: expired))")
            let quiet = await Binary.run(base + ["--quiet", "--fail-on", "new"])
            #expect(quiet.status == 0 && quiet.stdout.isEmpty, "\(quiet.stdout)")
            // history show and diff compare the same way, and say where the rest came from.
            let show = await Binary.run(["history", "show", "3", "--history", database])
            #expect(show.stdout.contains("no changes since run 2") && show.stdout.contains("what it did not measure, since run 1"), "\(show.stdout)")
            // Fewer failures from the run that probed nothing is said to be no improvement.
            let list = await Binary.run(["history", "list", "--history", database])
            let second = list.stdout.split(separator: "\n").first { $0.hasPrefix("run 2 ") } ?? ""
            #expect(second.contains("(--no-smtp: servers not probed)") && !list.stdout.contains("run 3 ") == false, "\(list.stdout)")
        }

        @Test("a problem measured again after more --no-smtp runs than the drift walks back is still compared with the last probed run: not new",
              .tags(.lab))
        func manyUnprobedRuns() async throws {
            try await Lab.start()
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let database = folder.appendingPathComponent("history.db").path
            let base = ["audit", "expired.tls.test", "--resolver", Lab.resolver, "--ca-file", Lab.caFile, "--history", database]
            _ = await Binary.run(base)
            // Hourly DNS checks between two nightly probes: more than ten.
            for _ in 0..<12 { _ = await Binary.run(base + ["--no-smtp"]) }
            let probed = await Binary.run(base + ["--quiet", "--fail-on", "new"])
            #expect(probed.status == 0 && probed.stdout.isEmpty, "the expired certificate is not new: \(probed.stdout)")
        }

        @Test("--remind-after: a failure that lasted past the reminder's days is news again under --quiet --fail-on new; before that it is not",
              .tags(.lab))
        func remindAfter() async throws {
            try await Lab.start()
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let saved = folder.appendingPathComponent("base.json")
            let first = await Binary.run(["audit", "expired.tls.test", "--resolver", Lab.resolver, "--ca-file", Lab.caFile, "--format", "json",
                                          "--output", saved.path])
            #expect(first.status == 2, "\(first.stderr)")
            // The saved report as if made 5 days ago, its expired certificate failing for 7 days
            // and an hour: a nightly job with this baseline is reminded today, the day the 7th
            // day passed, not every night after.
            var root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: saved)) as? [String: Any])
            var domains = try #require(root["domains"] as? [[String: Any]])
            let day = 86_400.0, formatter = ISO8601DateFormatter()
            var facts = try #require(domains[0]["facts"] as? [String: Any])
            facts["collectedAt"] = formatter.string(from: Date().addingTimeInterval(-5 * day))
            domains[0]["facts"] = facts
            domains[0]["findings"] = (domains[0]["findings"] as? [[String: Any]] ?? []).map { finding in
                var finding = finding
                if ["fail", "warn", "error"].contains(finding["outcome"] as? String ?? "") {
                    finding["since"] = formatter.string(from: Date().addingTimeInterval(-7 * day - 3_600))
                }
                return finding
            }
            root["domains"] = domains
            let old = folder.appendingPathComponent("old.json")
            try JSONSerialization.data(withJSONObject: root).write(to: old)
            let base = ["audit", "expired.tls.test", "--resolver", Lab.resolver, "--ca-file", Lab.caFile, "--baseline", old.path, "--quiet", "--fail-on", "new"]
            let quiet = await Binary.run(base)
            #expect(quiet.status == 0 && quiet.stdout.isEmpty, "nothing new, no reminder asked: \(quiet.stdout)")
            let reminded = await Binary.run(base + ["--remind-after", "7"])
            #expect(reminded.status == 2 && reminded.stdout.contains("STILL    fail since") && reminded.stdout.contains("(smtp.cert-expired)"),
                    "the 7th day passed since yesterday: \(reminded.stdout)")
            let later = await Binary.run(base + ["--remind-after", "14"])
            #expect(later.status == 0 && later.stdout.isEmpty, "7 days is not yet 14: \(later.stdout)")
            let earlier = await Binary.run(base + ["--remind-after", "3"])
            #expect(earlier.status == 0 && earlier.stdout.isEmpty, "the 6th day passed yesterday, the 9th is not yet: \(earlier.stdout)")
            let alone = await Binary.run(["audit", "expired.tls.test", "--resolver", Lab.resolver, "--remind-after", "7"])
            #expect(alone.status == 3 && alone.stderr.contains("--history"), "\(alone.stderr)")
        }

        @Test("two overlapping runs on one SQLite file both land; a run killed with SIGKILL leaves a consistent history, marked incomplete",
              .tags(.lab))
        func concurrencyAndKill() async throws {
            try await Lab.start()
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let history = folder.appendingPathComponent("history.db").path
            let audit = "\(Binary.path) audit good.test nomx.test unsigned.test drift.test --resolver \(Lab.resolver) --ca-file \(Lab.caFile) --history \(history)"
            let both = await Run.program(["/bin/bash", "-c", "\(audit) >/dev/null 2>\(folder.path)/a.err & \(audit) >/dev/null 2>\(folder.path)/b.err & wait"], timeout: 120)
            #expect(both.status == 0)
            for name in ["a.err", "b.err"] {
                let problem = (try? String(contentsOfFile: "\(folder.path)/\(name)", encoding: .utf8)) ?? "?"
                #expect(problem == "", "no history error in either run: \(problem)")
            }
            let list = await Binary.run(["history", "list", "--history", history])
            #expect(list.stdout.components(separatedBy: "complete  4 domains").count == 3, "\(list.stdout)")

            // slow.tls.test greets after 6 s: the run is killed while it waits, after the
            // others are recorded.
            let killed = await Run.program(["/bin/bash", "-c", """
                \(Binary.path) audit good.test slow.tls.test --resolver \(Lab.resolver) --ca-file \(Lab.caFile) --history \(history) >/dev/null 2>&1 &
                pid=$!
                for i in $(seq 1 100); do
                    n=$(sqlite3 \(history) "SELECT count(*) FROM mailaudit_domain_runs WHERE run_id = 3" 2>/dev/null || echo 0)
                    [ "$n" -ge 1 ] && break
                    sleep 0.05
                done
                kill -9 $pid
                wait $pid
                echo "recorded $n"
                """], timeout: 60)
            #expect(killed.stdout.contains("recorded 1"), "\(killed.stdout)\(killed.stderr)")
            let check = await Run.program(["/usr/bin/env", "sqlite3", history, "PRAGMA integrity_check"])
            #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ok", "\(check.stdout)\(check.stderr)")
            let after = await Binary.run(["history", "list", "--history", history])
            #expect(after.stdout.contains("run 3") && after.stdout.contains("incomplete  1 domain "), "\(after.stdout)")
            let next = await Binary.run(["audit", "good.test", "--resolver", Lab.resolver, "--no-smtp", "--history", history])
            #expect(next.stderr.isEmpty && next.stdout.contains("since run 3"), "the next run compares with what the killed run recorded: \(next.stdout) \(next.stderr)")
        }
    }
}
