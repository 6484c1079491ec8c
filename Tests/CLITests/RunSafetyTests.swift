import Foundation
import LabSupport
import Testing

extension ProgramTests {
    /// What a run does when its output or the process itself is in trouble ("never
    /// lose what a run found"): an unwritable --output is found before the first query, a
    /// failed write of standard output is one line and exit 3 (never a trap), a run that wrote
    /// nothing never becomes a complete run of no domains in the history, monitoring output
    /// from the history never replaces real series with none, and SIGINT/SIGTERM write the
    /// report of what finished.
    @Suite("Runs that must not lose what they found")
    struct RunSafetyTests {
        static func folder() throws -> URL {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailaudit-safety-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return folder
        }

        /// The lines of standard error that are not empty.
        static func lines(_ text: String) -> [Substring] { text.split(separator: "\n") }

        @Test("a failed write of standard output (/dev/full) is one line and exit 3 in every format and command, never a trap",
              .tags(.lab))
        func fullStandardOutput() async throws {
            try await Lab.start()
            let base = ["--resolver", Lab.resolver, "--no-smtp"]
            var runs: [(String, [String])] = OutputFormats.all.map { ("audit --format \($0)", ["audit", "nodkim.good.test", "--format", $0] + base) }
            runs += [("facts", ["facts", "nodkim.good.test"] + base), ("rules list", ["rules", "list"]),
                     ("rules show", ["rules", "show", "spf.missing"]),
                     ("spf", ["spf", "pass.spf.test", "--ip", "192.0.2.1", "--resolver", Lab.resolver]),
                     ("smtp", ["smtp", "mx1.good.test", "--resolver", Lab.resolver, "--ca-file", Lab.caFile]),
                     ("smtp --format json", ["smtp", "mx1.good.test", "--resolver", Lab.resolver, "--ca-file", Lab.caFile, "--format", "json"])]
            for (name, arguments) in runs {
                let quoted = arguments.map { "'\($0)'" }.joined(separator: " ")
                let run = await Run.program(["/bin/bash", "-c", "'\(Binary.path)' \(quoted) > /dev/full"],
                                            environment: ["MAILAUDIT_TRUST_ANCHOR": Lab.trustAnchorFile, "PATH": "/usr/bin:/bin"])
                #expect(run.status == 3, "\(name): exit \(run.status): \(run.stderr)")
                let lines = Self.lines(run.stderr)
                #expect(lines.count == 1 && lines.first?.contains("cannot write to standard output: No space left on device") == true,
                        "\(name): \(run.stderr)")
            }
            // A reader that went away (a closed pipe): a line and exit 3, not a silent SIGPIPE death.
            let closed = await Run.program(["/bin/bash", "-c", "'\(Binary.path)' rules list | true; echo \"exit ${PIPESTATUS[0]}\""])
            #expect(closed.stdout.contains("exit 3") || closed.stdout.contains("exit 0"), "\(closed.stdout) \(closed.stderr)")
            #expect(!closed.stdout.contains("exit 141"), "killed by SIGPIPE: \(closed.stdout)")
        }

        @Test("an unwritable --output stops the run before the first query: no history run is recorded, one line, exit 3",
              .tags(.lab), arguments: ["text", "html", "prometheus", "json", "jsonl"])
        func unwritableOutputFirst(format: String) async throws {
            try await Lab.start()
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let history = folder.appendingPathComponent("history.db").path
            let run = await Binary.run(["audit", "nodkim.good.test", "--resolver", Lab.resolver, "--no-smtp", "--history", history,
                                        "--format", format, "--output", folder.appendingPathComponent("missing/report").path])
            #expect(run.status == 3 && Self.lines(run.stderr).count == 1 && run.stderr.contains("missing/report"), "\(run.stderr)")
            // Nothing was audited, so nothing was recorded: no run (the old code recorded a
            // complete run of no domains, which cleared every alert downstream).
            let list = await Binary.run(["history", "list", "--history", history])
            #expect(!list.stdout.contains("complete"), "\(list.stdout)")
            let facts = await Binary.run(["facts", "nodkim.good.test", "--resolver", Lab.resolver, "--no-smtp",
                                          "--output", folder.appendingPathComponent("missing/facts.json").path])
            #expect(facts.status == 3 && facts.stderr.contains("missing/facts.json"), "\(facts.stderr)")
        }

        @Test("history show --format prometheus never replaces the series with none: an incomplete or empty newest run is passed over, and with no complete run the file stays",
              .tags(.lab))
        func monitoringFromHistory() async throws {
            try await Lab.start()
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let history = folder.appendingPathComponent("history.db").path
            let metrics = folder.appendingPathComponent("mailaudit.prom").path
            try "previous metrics\n".write(toFile: metrics, atomically: true, encoding: .utf8)

            // Only an interrupted run (incomplete): nothing is written, the file stays.
            let interrupted = await Self.interruptedRun(["nodkim.good.test", "slow.tls.test", "good.test", "expired.tls.test"], history: history, folder: folder,
                                                        format: "json", signal: "TERM")
            #expect(interrupted.status == 143, "\(interrupted.stderr)")
            let none = await Binary.run(["history", "show", "--history", history, "--format", "prometheus", "--output", metrics])
            #expect(none.status == 3 && none.stderr.contains("no complete run") && none.stderr.contains("left as it is"), "\(none.stderr)")
            #expect(try String(contentsOfFile: metrics, encoding: .utf8) == "previous metrics\n")
            // A Nagios check with nothing to judge still gives the plugin its status line: UNKNOWN, with why.
            let unknown = await Binary.run(["history", "show", "--history", history, "--format", "nagios"])
            #expect(unknown.status == 3 && unknown.stdout.hasPrefix("MAILAUDIT UNKNOWN - no complete run"), "\(unknown.stdout)|\(unknown.stderr)")

            // A complete run, then an interrupted one: the complete one's series are shown.
            let complete = await Binary.run(["audit", "nodkim.good.test", "--resolver", Lab.resolver, "--no-smtp", "--history", history,
                                             "--output", folder.appendingPathComponent("complete.txt").path])
            #expect(complete.status == 0, "\(complete.stderr)")
            _ = await Self.interruptedRun(["nodkim.good.test", "slow.tls.test", "good.test", "expired.tls.test"], history: history, folder: folder, format: "json", signal: "TERM")
            let shown = await Binary.run(["history", "show", "--history", history, "--format", "prometheus", "--output", metrics])
            #expect(shown.status == 0, "\(shown.stderr)")
            let text = try String(contentsOfFile: metrics, encoding: .utf8)
            #expect(text.contains("mailaudit_domain_status{domain=\"nodkim.good.test\"}"), "\(text)")
            // Asked for the interrupted run by number: refused for a monitoring format.
            let list = await Binary.run(["history", "list", "--history", history])
            let incomplete = try #require(list.stdout.split(separator: "\n").first { $0.contains("incomplete") }, "\(list.stdout)")
            let number = String(incomplete.split(separator: " ")[1])
            let refused = await Binary.run(["history", "show", number, "--history", history, "--format", "prometheus", "--output", metrics])
            #expect(refused.status == 3 && refused.stderr.contains("incomplete"), "\(refused.stderr)")
            let refusedNagios = await Binary.run(["history", "show", number, "--history", history, "--format", "nagios"])
            #expect(refusedNagios.status == 3 && refusedNagios.stdout.hasPrefix("MAILAUDIT UNKNOWN - run \(number) is incomplete"), "\(refusedNagios.stdout)")
            #expect(try String(contentsOfFile: metrics, encoding: .utf8) == text)
            // Shown as text, the run that did not finish says so at its top.
            let shownIncomplete = await Binary.run(["history", "show", number, "--history", history])
            #expect(shownIncomplete.stdout.hasPrefix("run \(number) did not finish"), "\(shownIncomplete.stdout)")
            // A domain the run before had and this one lacks is named; Nagios exits with the verdict.
            let two = await Binary.run(["audit", "nodkim.good.test", "expired.tls.test", "--resolver", Lab.resolver, "--ca-file", Lab.caFile,
                                        "--history", history, "--output", folder.appendingPathComponent("two.txt").path])
            #expect(two.status == 2, "\(two.stderr)")
            // (Probed: Nagios and Prometheus pass over a newest run made with --no-smtp.)
            let one = await Binary.run(["audit", "nodkim.good.test", "--resolver", Lab.resolver, "--ca-file", Lab.caFile, "--history", history,
                                        "--output", folder.appendingPathComponent("one.txt").path])
            #expect(one.status == 0, "\(one.stderr)")
            let dropped = await Binary.run(["history", "show", "--history", history])
            #expect(dropped.stdout.contains("not in this run (taken off the list?): expired.tls.test"), "\(dropped.stdout)")
            let diffed = await Binary.run(["diff", "--history", history])
            #expect(diffed.stdout.contains("expired.tls.test: in run ") && diffed.stdout.contains("(taken off the list?)"), "\(diffed.stdout)")
            #expect(dropped.stdout.contains(" not tested"), "the summary counts what was not tested (TLS versions): \(dropped.stdout)")
            let nagios = await Binary.run(["history", "show", "--history", history, "--format", "nagios"])
            #expect(nagios.status == 0 && nagios.stdout.hasPrefix("MAILAUDIT OK"), "\(nagios.stdout)")
            let runs = await Binary.run(["history", "list", "--history", history])
            let twoLine = try #require(runs.stdout.split(separator: "\n").first { $0.contains("complete  2 domains") }, "\(runs.stdout)")
            let critical = await Binary.run(["history", "show", String(twoLine.split(separator: " ")[1]), "--history", history, "--format", "nagios"])
            #expect(critical.status == 2 && critical.stdout.hasPrefix("MAILAUDIT CRITICAL"), "exits with the verdict: \(critical.stdout)")
            #expect(runs.stdout.contains("· 1 fail") || runs.stdout.contains("· 2 fail"), "history list says what each run found: \(runs.stdout)")
        }

        /// Audits `domains` two at a time (the second is slow.tls.test, whose greeting takes
        /// 6 s) and sends SIGINT or SIGTERM once the first has finished (the progress line says
        /// 1/N), so slow.tls.test is surely still in flight; `twice` sends a second signal
        /// as soon as the first is acknowledged.
        static func interruptedRun(_ domains: [String], history: String? = nil, folder: URL, format: String, signal: String,
                                   twice: Bool = false) async -> Run.Result {
            let report = folder.appendingPathComponent("report.\(format)").path
            let progress = folder.appendingPathComponent("progress").path
            var arguments = ["audit"] + domains + ["--resolver", Lab.resolver, "--ca-file", Lab.caFile, "--concurrency", "2",
                                                   "--format", format, "--output", report, "--progress"]
            if let history { arguments += ["--history", history] }
            let quoted = arguments.map { "'\($0)'" }.joined(separator: " ")
            let script = """
                '\(Binary.path)' \(quoted) 2>'\(progress)' & pid=$!
                for i in $(seq 1 600); do grep -q '1/\(domains.count) domains' '\(progress)' 2>/dev/null && break; sleep 0.05; done
                kill -\(signal) $pid
                \(twice ? "for i in $(seq 1 200); do grep -q 'no further domain' '\(progress)' && break; sleep 0.02; done; kill -\(signal) $pid" : "")
                wait $pid; status=$?
                cat '\(progress)' >&2
                exit $status
                """
            return await Run.program(["/bin/bash", "-c", script],
                                     environment: ["MAILAUDIT_TRUST_ANCHOR": Lab.trustAnchorFile, "PATH": "/usr/bin:/bin"])
        }

        @Test("SIGINT and SIGTERM: no new domain starts, the one in flight finishes, the report of what finished says 'interrupted after N of M', no temporary file stays, exit 130/143",
              .tags(.lab), arguments: [("INT", 130), ("TERM", 143)])
        func signals(signal: String, status: Int32) async throws {
            try await Lab.start()
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let history = folder.appendingPathComponent("history.db").path
            let domains = ["nodkim.good.test", "slow.tls.test", "expired.tls.test", "good.test", "dane.test", "soon.tls.test", "selfsigned.tls.test"]
            let run = await Self.interruptedRun(domains, history: history, folder: folder, format: "json", signal: signal)
            #expect(run.status == status, "\(run.stderr)")
            #expect(run.stderr.contains("SIG\(signal): no further domain is started"), "\(run.stderr)")
            let data = try Data(contentsOf: folder.appendingPathComponent("report.json"))
            let report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let summary = try #require(report["summary"] as? [String: Any])
            let interrupted = try #require(summary["interrupted"] as? [String: Any], "\(summary)")
            let audited = try #require(interrupted["audited"] as? Int)
            // nodkim.good.test finished, slow.tls.test (6 s greeting) was in flight and finished too (and
            // those that started while it ran, before the signal came); the last never started.
            #expect((2...6).contains(audited) && interrupted["total"] as? Int == 7 && interrupted["signal"] as? String == "SIG\(signal)", "\(interrupted)")
            let names = (report["domains"] as? [[String: Any]])?.compactMap { $0["domain"] as? String } ?? []
            #expect(names.count == audited && Array(names.prefix(2)) == ["nodkim.good.test", "slow.tls.test"], "in the order given: \(names)")
            #expect(summary["exitStatus"] as? Int == Int(status))
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { !$0.contains(".partial-") })
            let list = await Binary.run(["history", "list", "--history", history])
            #expect(list.stdout.contains("incomplete") && list.stdout.contains("\(audited) domains"), "\(list.stdout)")

            // The text and HTML reports say so at the top.
            let text = await Self.interruptedRun(domains, folder: folder, format: "text", signal: signal)
            let written = try String(contentsOf: folder.appendingPathComponent("report.text"), encoding: .utf8)
            #expect(text.status == status && written.hasPrefix("mailaudit: interrupted (SIG\(signal)) after ") && written.contains(" of 7 domains"), "\(written)")
        }

        @Test("a domains list with bad lines: every bad line named at once (file:line) in the report and on standard error, the good lines audited, repeats audited once, exit at least UNKNOWN",
              .tags(.lab))
        func domainsListWithBadLines() async throws {
            try await Lab.start()
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let list = folder.appendingPathComponent("domains.txt")
            var bytes = Data("nodkim.good.test\nexa mple.org\nGOOD.TEST dkim=sel2048\nbad..name\ngood.test. dkim=sel1,,\n".utf8)
            bytes += Data([0xFF, 0xFE]) + Data(".test\ngood.test. dkim=sel1024\nnodkim.good.test dkim=a,b c\n".utf8)
            try bytes.write(to: list)
            let run = await Binary.run(["audit", "--domains-file", list.path, "--resolver", Lab.resolver, "--no-smtp", "--format", "json"])
            // good.test's short sel1024 key is a warning, which outranks the UNKNOWN of the bad lines.
            #expect(run.status == 1, "\(run.stderr)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
            let domains = (report["domains"] as? [[String: Any]] ?? []).compactMap { $0["domain"] as? String }
            #expect(domains == ["nodkim.good.test", "good.test"], "each domain once, in the list's order: \(domains)")
            let input = try #require(report["input"] as? [String: Any], "\(report.keys)")
            let errors = input["errors"] as? [String] ?? []
            #expect(errors.map { $0.components(separatedBy: ": ").first ?? "" } == [2, 4, 5, 6, 8].map { "\(list.path):\($0)" }, "\(errors)")
            #expect(errors.first?.contains("'exa mple.org' is not a domain name") == true, "\(errors)")
            #expect(errors.contains { $0.contains(":6: not UTF-8") } && errors.contains { $0.contains("empty selector") }, "\(errors)")
            let duplicates = input["duplicates"] as? [String] ?? []
            #expect(duplicates.count == 1 && duplicates.allSatisfy { $0.contains("audited once") }, "\(duplicates)")
            // The selectors of every line of a repeated domain are asked.
            let good = (report["domains"] as? [[String: Any]])?.first { $0["domain"] as? String == "good.test" }
            let given = (((good?["facts"] as? [String: Any])?["dkim"] as? [String: Any])?["selectors"] as? [[String: Any]] ?? [])
                .filter { $0["source"] as? String == "given" }.compactMap { $0["selector"] as? String }
            #expect(Set(given) == ["sel2048", "sel1024"], "\(given)")
            #expect((report["summary"] as? [String: Any])?["exitStatus"] as? Int == 1)
            // On standard output the report names them; standard error does too only when the
            // report goes to a file (cron would mail them twice otherwise).
            #expect(!run.stderr.contains("not audited; the other domains are"), "\(run.stderr)")
            let toFile = await Binary.run(["audit", "--domains-file", list.path, "--resolver", Lab.resolver, "--no-smtp", "--format", "json",
                                           "--output", folder.appendingPathComponent("report.json").path])
            #expect(toFile.stderr.split(separator: "\n").filter { $0.contains("not audited; the other domains are") }.count == 5, "\(toFile.stderr)")
            // The text and Nagios reports name them too; without a warning, the bad lines make it UNKNOWN.
            try Data("nodkim.good.test\nbad..name\n".utf8).write(to: list)
            let nagios = await Binary.run(["audit", "--domains-file", list.path, "--resolver", Lab.resolver, "--no-smtp", "--format", "nagios"])
            #expect(nagios.status == 3 && nagios.stdout.hasPrefix("MAILAUDIT UNKNOWN") && nagios.stdout.contains("UNKNOWN domains list: \(list.path):2"),
                    "\(nagios.stdout)")
            let text = await Binary.run(["audit", "--domains-file", list.path, "--resolver", Lab.resolver, "--no-smtp"])
            #expect(text.status == 3 && text.stdout.hasPrefix("1 line of the domains list could not be used"), "\(text.stdout)")
            // The history keeps them: history show and its monitoring outputs give the run as it was.
            let database = folder.appendingPathComponent("history.db").path
            _ = await Binary.run(["audit", "--domains-file", list.path, "--resolver", Lab.resolver, "--no-smtp", "--history", database])
            let shown = await Binary.run(["history", "show", "--history", database])
            #expect(shown.stdout.hasPrefix("1 line of the domains list could not be used") && shown.stdout.contains("\(list.path):2"), "\(shown.stdout)")
            let checked = await Binary.run(["history", "show", "--history", database, "--format", "nagios"])
            #expect(checked.status == 3 && checked.stdout.contains("UNKNOWN domains list: \(list.path):2"), "\(checked.stdout)")
            let metrics = await Binary.run(["history", "show", "--history", database, "--format", "prometheus"])
            #expect(metrics.stdout.contains("\nmailaudit_run_input_errors 1\n"), "\(metrics.stdout)")
            let duration = metrics.stdout.split(separator: "\n").first { $0.hasPrefix("mailaudit_run_duration_seconds ") }
            #expect(duration.flatMap { Double($0.split(separator: " ")[1]) }.map { $0 > 0 } == true, "kept in milliseconds: \(String(describing: duration))")
            let listed = await Binary.run(["history", "list", "--history", database])
            #expect(listed.stdout.contains("1 line of the list not usable"), "\(listed.stdout)")
            // report over JSON Lines records with the list: its bad lines again, and the runs'
            // own duration (not the time since), the same a moment later.
            let lines = folder.appendingPathComponent("run.jsonl").path
            _ = await Binary.run(["audit", "--domains-file", list.path, "--resolver", Lab.resolver, "--no-smtp", "--format", "jsonl", "--output", lines])
            let merged = await Binary.run(["report", lines, "--domains-file", list.path, "--format", "prometheus"])
            #expect(merged.stdout.contains("\nmailaudit_run_input_errors 1\n"), "\(merged.stdout)")
            func seconds(_ text: String) -> Double? {
                text.split(separator: "\n").first { $0.hasPrefix("mailaudit_run_duration_seconds ") }.flatMap { Double($0.split(separator: " ")[1]) }
            }
            try await Task.sleep(for: .seconds(1.5))
            let later = await Binary.run(["report", lines, "--domains-file", list.path, "--format", "prometheus"])
            #expect(seconds(merged.stdout) != nil && seconds(merged.stdout) == seconds(later.stdout), "\(String(describing: seconds(merged.stdout))) then \(String(describing: seconds(later.stdout)))")
            let mergedCheck = await Binary.run(["report", lines, "--domains-file", list.path, "--format", "nagios"])
            #expect(mergedCheck.status == 3 && mergedCheck.stdout.contains("UNKNOWN domains list: \(list.path):2"), "\(mergedCheck.stdout)")
            // A selector list that is not one on the command line: refused before the run.
            let spaced = await Binary.run(["audit", "good.test", "--dkim-selector", "sel1 sel2", "--resolver", Lab.resolver])
            #expect(spaced.status == 3 && spaced.stderr.contains("'sel1 sel2' is not a selector"), "\(spaced.stderr)")
        }

        @Test("a second signal ends the run at once: no report, no temporary file, the file it would replace untouched", .tags(.lab))
        func secondSignal() async throws {
            try await Lab.start()
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let report = folder.appendingPathComponent("report.json")
            try "earlier report\n".write(to: report, atomically: true, encoding: .utf8)
            let run = await Self.interruptedRun(["nodkim.good.test", "slow.tls.test", "good.test"], folder: folder, format: "json",
                                                signal: "INT", twice: true)
            #expect(run.status == 130 && run.stderr.contains("SIGINT: stopped"), "\(run.stderr)")
            #expect(try String(contentsOf: report, encoding: .utf8) == "earlier report\n")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { !$0.contains(".partial-") })
        }
    }
}

/// Every report format of `audit`.
enum OutputFormats {
    static let all = ["text", "json", "jsonl", "html", "nagios", "prometheus", "junit", "csv"]
}
