import Foundation
import LabSupport
import Testing

extension ProgramTests {
    /// `--config FILE`: the package's example configuration runs the nightly job against the
    /// lab; options on the command line win; every mistake in the file is one line naming the
    /// file and line, with exit 3.
    @Suite("The configuration file (--config)")
    struct ConfigFileTests {
        static let example = Lab.packageRoot.appendingPathComponent("packaging/etc/mailaudit.yaml")

        /// A folder with the package's example configuration and a domains file beside it
        /// (the example names `domains`, relative to its own folder).
        static func folder(domains: String = "good.test\n") throws -> URL {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("config-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: example, to: folder.appendingPathComponent("mailaudit.yaml"))
            try domains.write(to: folder.appendingPathComponent("domains"), atomically: true, encoding: .utf8)
            return folder
        }

        @Test("the example configuration, as mailaudit.service runs it: news printed, the whole report from the history as HTML, nothing on the second night", .tags(.lab))
        func example() async throws {
            try await Lab.start()
            let folder = try Self.folder(domains: "good.test\nnomx.test\n")
            defer { try? FileManager.default.removeItem(at: folder) }
            let config = folder.appendingPathComponent("mailaudit.yaml").path
            let report = folder.appendingPathComponent("report.html").path
            let history = folder.appendingPathComponent("history.db").path
            // The example keeps its history in /var/lib/mailaudit: the test moves it, and asks the lab.
            let audit = ["audit", "--config", config, "--resolver", Lab.resolver, "--no-smtp", "--history", history]
            let first = await Binary.run(audit)
            #expect(first.status == 2, "nomx.test fails, and everything is new: exit \(first.status): \(first.stderr)")
            #expect(first.stdout.contains("good.test:") && first.stdout.contains("nomx.test:"), "the first night is news (quiet: true, no output file): \(first.stdout)")
            // The unit's ExecStartPost: the run's whole report from the history, as HTML.
            let show = await Binary.run(["history", "show", "--config", config, "--history", history, "--format", "html", "--output", report])
            #expect(show.status == 0, "\(show.stderr)")
            let html = try String(contentsOfFile: report, encoding: .utf8)
            #expect(html.contains("<html") && html.contains("good.test") && html.contains("nomx.test"))
            // fail-on: new and quiet: true, from the file: the second night has no news.
            let second = await Binary.run(audit)
            #expect(second.status == 0 && second.stdout.isEmpty, "exit \(second.status), printed: \(second.stdout) \(second.stderr)")
            // history list takes the file's history but not the audit's report keys (quiet, fail-on).
            try "history: \(history)\nformat: jsonl\nquiet: true\n".write(toFile: config, atomically: true, encoding: .utf8)
            let listed = await Binary.run(["history", "list", "--config", config])
            #expect(listed.status == 0 && listed.stdout.contains("2 domains"), "\(listed.stdout) \(listed.stderr)")
        }

        @Test("options on the command line win over the file's; named domains replace its domains file", .tags(.lab))
        func commandLineWins() async throws {
            try await Lab.start()
            let folder = try Self.folder(domains: "good.test\nunsigned.test\n")
            defer { try? FileManager.default.removeItem(at: folder) }
            let config = folder.appendingPathComponent("mailaudit.yaml")
            try "domains-file: domains\nformat: html\nquiet: true\nresolver: [127.0.0.9]\n".write(to: config, atomically: true, encoding: .utf8)
            // --format json wins over the file's html: the output parses as JSON.
            let run = await Binary.run(["audit", "--config", config.path, "--format", "json", "--resolver", Lab.resolver, "--no-smtp", "nomx.test"])
            let root = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
            let reports = root["domains"] as? [[String: Any]] ?? []
            let domains = reports.compactMap { $0["domain"] as? String }
            #expect(domains == ["nomx.test"], "the named domain only, not the file's list: \(domains)")
            // The file's resolver (where nothing listens) is not added to the command line's.
            let resolvers = (reports.first?["facts"] as? [String: Any])?["resolvers"] as? [String]
            #expect(resolvers == [Lab.resolver], "\(resolvers ?? [])")
            // Without the named domain, the file's domains file is read, relative to the file.
            let listed = await Binary.run(["audit", "--config", config.path, "--format", "jsonl", "--resolver", Lab.resolver, "--no-smtp"])
            #expect(listed.stdout.contains("\"good.test\"") && listed.stdout.contains("\"unsigned.test\""), "\(listed.stderr)")
        }

        @Test("each mistake in the file: one line with the file and line, exit 3", arguments: [
            ("resolver: [127.0.0.1]\nresolvr: 127.0.0.1\n", 2, "unknown key 'resolvr' (did you mean 'resolver'?)"),
            ("format: htlm\n", 1, "format: 'htlm' is not one of"),
            ("timeout: [1, 2]\n", 1, "timeout takes one value, not a list"),
            ("# nightly\nno-smtp: maybe\n", 2, "no-smtp is a flag: true or false"),
            ("deadline: 30\ntimeout: 0\n", 2, "--timeout 0: must be more than 0"),
            ("qps: lots\n", 1, "--qps"),
            ("resolver: 127.0.0.1\n  timeout: 2\n", 2, "not YAML"),
            ("- resolver\n", 1, "the configuration is a list of key: value lines"),
            ("format: json\nformat: html\n", 2, "format is written twice (first on line 1)"),
            ("format: json\nhistory: ~\n", 2, "history has no value"),
        ])
        func mistakes(text: String, line: Int, words: String) async throws {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("config-\(UUID()).yaml")
            try text.write(to: file, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: file) }
            // A resolver where nothing listens: a file that passed by mistake asks nothing outside.
            let run = await Binary.run(["audit", "--config", file.path, "example.org", "--resolver", "127.0.0.9"])
            #expect(run.status == 3, "\(run.stderr)")
            let lines = run.stderr.split(separator: "\n")
            #expect(lines.count == 1, "one line: \(run.stderr)")
            #expect(run.stderr.hasPrefix("mailaudit: \(file.path):\(line): ") && run.stderr.contains(words), "\(run.stderr)")
        }

        @Test("a configuration file that cannot be read: its path and the reason, exit 3")
        func unreadable() async {
            let run = await Binary.run(["audit", "--config", "/nonexistent/mailaudit.yaml", "example.org", "--resolver", "127.0.0.9"])
            #expect(run.status == 3 && run.stderr.contains("cannot read /nonexistent/mailaudit.yaml: No such file or directory (the configuration file)"), "\(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1)
        }

        @Test("a mistake on the command line is not blamed on the file; --config twice is refused")
        func notTheFile() async throws {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("config-\(UUID()).yaml")
            try "history: /tmp/none.db\nformat: json\n".write(to: file, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: file) }
            let typo = await Binary.run(["audit", "--config", file.path, "--histroy", "/tmp/x.db", "example.org", "--resolver", "127.0.0.9"])
            #expect(typo.status == 3 && !typo.stderr.contains(file.path) && typo.stderr.contains("--histroy"), "\(typo.stderr)")
            let twice = await Binary.run(["audit", "--config", file.path, "--config=\(file.path)", "example.org", "--resolver", "127.0.0.9"])
            #expect(twice.status == 3 && twice.stderr.contains("--config is given twice"), "\(twice.stderr)")
        }

        @Test("every key of the example configuration, commented out or not, is an option of mailaudit audit")
        func exampleKeys() async throws {
            let text = try String(contentsOf: Self.example, encoding: .utf8)
            let help = await Binary.run(["audit", "--help"])
            var keys: [String] = []
            for line in text.split(separator: "\n") {
                // "key: value" lines, commented out or not (prose has capitals or spaces before a colon).
                let body = line.hasPrefix("#") ? line.dropFirst() : line[...]
                guard let colon = body.firstIndex(of: ":") else { continue }
                let key = body[..<colon], rest = body[body.index(after: colon)...]
                guard !key.isEmpty, key.allSatisfy({ $0.isLowercase || $0 == "-" }), rest.isEmpty || rest.hasPrefix(" ") else { continue }
                keys.append(String(key))
            }
            #expect(keys.count >= 15, "the example's keys: \(keys)")
            for key in keys {
                #expect(help.stdout.contains("--\(key) ") || help.stdout.contains("--\(key)\n") || help.stdout.contains("--\(key),"),
                        "'\(key)' in the example is not an option of mailaudit audit")
            }
        }
    }
}
