import Foundation
import LabSupport
import Testing

extension ProgramTests {
    /// The README's cron, systemd and Nagios examples, run as written, with only the lab's
    /// resolver and temporary paths put in: the documentation cannot drift from the tool.
    @Suite("README examples for scheduled audits, run as written", .serialized)
    struct ReadmeExamplesTests {
        static func blocks(_ language: String) throws -> [String] {
            let readme = try String(contentsOf: Lab.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
            return readme.components(separatedBy: "```\(language)\n").dropFirst().map { $0.components(separatedBy: "\n```").first ?? "" }
        }

        struct Paths {
            let folder: URL
            var domains: String { folder.appendingPathComponent("domains").path }
            var history: String { folder.appendingPathComponent("history.db").path }
            var metrics: String { folder.appendingPathComponent("mailaudit.prom").path }
            var config: String { folder.appendingPathComponent("mailaudit.yaml").path }

            /// The README's paths replaced by temporary ones, and the lab's resolver given.
            func localise(_ command: String) -> String {
                let words = command.hasPrefix("mailaudit ") ? " " + command : command
                return words.replacingOccurrences(of: "/usr/local/bin/mailaudit", with: Binary.path)
                    .replacingOccurrences(of: "; mailaudit ", with: "; \(Binary.path) ")
                    .replacingOccurrences(of: " mailaudit ", with: " \(Binary.path) ")
                    .replacingOccurrences(of: "/etc/mailaudit/mailaudit.yaml", with: config)
                    .replacingOccurrences(of: "/etc/mailaudit/domains", with: domains)
                    .replacingOccurrences(of: "/var/lib/mailaudit/history.db", with: history)
                    .replacingOccurrences(of: "/var/lib/prometheus/node-exporter/mailaudit.prom", with: metrics)
                    .replacingOccurrences(of: " audit ", with: " audit --resolver \(Lab.resolver) --ca-file \(Lab.caFile) ")
            }
        }

        static func paths() throws -> Paths {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("readme-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let paths = Paths(folder: folder)
            try "# ours\ngood.test dkim=sel2048\nnomx.test\n".write(toFile: paths.domains, atomically: true, encoding: .utf8)
            // The package's example configuration, its history moved to the temporary folder
            // (its domains file, `domains`, is read beside it).
            let example = try String(contentsOf: Lab.packageRoot.appendingPathComponent("packaging/etc/mailaudit.yaml"), encoding: .utf8)
            try example.replacingOccurrences(of: "/var/lib/mailaudit/history.db", with: paths.history)
                .write(toFile: paths.config, atomically: true, encoding: .utf8)
            return paths
        }

        static func promtool(_ file: String) async -> Run.Result {
            await Run.program(["/bin/bash", "-c", "promtool check metrics < '\(file)'"])
        }

        @Test("the crontab line: the first night reports, the second (nothing changed) prints nothing; the metrics pass promtool", .tags(.lab))
        func crontab() async throws {
            try await Lab.start()
            let paths = try Self.paths()
            defer { try? FileManager.default.removeItem(at: paths.folder) }
            let line = try #require(try Self.blocks("crontab").first?.split(separator: "\n").first.map(String.init))
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            #expect(fields.count == 6 && fields[0] == "15" && fields[1] == "3", "minute hour day month weekday command: \(line)")
            let command = paths.localise(String(fields[5]))
            let first = await Run.program(["/bin/bash", "-c", command], timeout: 120)
            #expect(first.stdout.contains("good.test:") && first.stdout.contains("nomx.test:"), "the first night is news: \(first.stdout) \(first.stderr)")
            let second = await Run.program(["/bin/bash", "-c", command], timeout: 120)
            #expect(second.stdout.isEmpty && second.stderr.isEmpty, "cron mails nothing: \(second.stdout) \(second.stderr)")
            let lint = await Self.promtool(paths.metrics)
            #expect(lint.status == 0 && lint.stdout.isEmpty && lint.stderr.isEmpty, "\(lint.stdout)\(lint.stderr)")
            #expect(try String(contentsOfFile: paths.metrics, encoding: .utf8).contains(#"mailaudit_findings{domain="nomx.test",outcome="fail"}"#))
        }

        @Test("the systemd service: ExecStart and ExecStartPost with its Environment succeed as SuccessExitStatus says; the timer names a calendar", .tags(.lab))
        func systemd() async throws {
            try await Lab.start()
            let paths = try Self.paths()
            defer { try? FileManager.default.removeItem(at: paths.folder) }
            let units = try Self.blocks("ini")
            let service = try #require(units.first { $0.contains("[Service]") })
            let timer = try #require(units.first { $0.contains("[Timer]") })
            func values(_ key: String, in unit: String) -> [String] {
                unit.split(separator: "\n").filter { $0.hasPrefix(key + "=") }.map { String($0.dropFirst(key.count + 1)) }
            }
            #expect(values("Type", in: service) == ["oneshot"] && !values("OnCalendar", in: timer).isEmpty)
            let environment = values("Environment", in: service).map(paths.localise)
            let success = Set([0] + (values("SuccessExitStatus", in: service).first?.split(separator: " ").compactMap { Int32($0) } ?? []))
            let start = try #require(values("ExecStart", in: service).first)
            let main = await Run.program(["/usr/bin/env"] + environment + ["/bin/bash", "-c", paths.localise(" " + start)], timeout: 120)
            #expect(success.contains(main.status), "ExecStart exited \(main.status): \(main.stderr)")
            for post in values("ExecStartPost", in: service) {
                let result = await Run.program(["/usr/bin/env"] + environment + ["/bin/bash", "-c", paths.localise(" " + post)], timeout: 60)
                #expect(result.status == 0, "ExecStartPost: \(result.stderr)")
            }
            let lint = await Self.promtool(paths.metrics)
            #expect(lint.status == 0 && lint.stderr.isEmpty, "\(lint.stderr)")
            let listed = await Binary.run(["history", "list", "--history", paths.history])
            #expect(listed.stdout.contains("complete  2 domains"), "the run is in the history the configuration names: \(listed.stdout)")
        }

        @Test("the Nagios command definition runs as a check: status line first, plugin exit codes", .tags(.lab))
        func nagios() async throws {
            try await Lab.start()
            let definition = try #require(try Self.blocks("nagios").first)
            let line = try #require(definition.split(separator: "\n").first { $0.contains("command_line") })
            let command = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().joined(separator: " ")
                .replacingOccurrences(of: "/usr/local/bin/mailaudit", with: Binary.path)
            let healthy = await Run.program(["/bin/bash", "-c", command.replacingOccurrences(of: "$ARG1$", with: "good.test --resolver \(Lab.resolver) --ca-file \(Lab.caFile)")], timeout: 60)
            #expect(healthy.status == 0 && healthy.stdout.hasPrefix("MAILAUDIT OK - good.test"), "\(healthy.stdout)\(healthy.stderr)")
            let broken = await Run.program(["/bin/bash", "-c", command.replacingOccurrences(of: "$ARG1$", with: "nomx.test --resolver \(Lab.resolver) --ca-file \(Lab.caFile)")], timeout: 60)
            #expect(broken.status == 2 && broken.stdout.hasPrefix("MAILAUDIT CRITICAL - nomx.test"), "\(broken.stdout)")
        }
    }
}
