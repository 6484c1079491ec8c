import Foundation
import LabSupport
import MailFacts
import Testing

extension ProgramTests {
    @Suite("mailaudit facts, run as a program")
    struct FactsCommandTests {
        @Test("--version and --help work and exit 0")
        func versionAndHelp() async throws {
            let version = await Binary.run(["--version"])
            #expect(version.status == 0)
            // The version, then the commit a packaged build was made from (a test build has none).
            #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == MailAuditVersion.description)
            #expect(version.stdout.hasPrefix(MailAuditVersion.current + " ("))
            // The one place the version is written agrees with the changelog's newest release.
            let changelog = try String(contentsOf: Lab.packageRoot.appendingPathComponent("CHANGELOG.md"), encoding: .utf8)
            let released = changelog.split(separator: "\n").first { $0.hasPrefix("## [") && !$0.hasPrefix("## [Unreleased]") }
            #expect(released?.hasPrefix("## [\(MailAuditVersion.current)] - ") == true, "CHANGELOG.md's newest release: \(released ?? "none")")
            let help = await Binary.run(["--help"])
            #expect(help.status == 0 && help.stdout.contains("facts"))
            let factsHelp = await Binary.run(["facts", "--help"])
            #expect(factsHelp.status == 0 && factsHelp.stdout.contains("--resolver") && factsHelp.stdout.contains("--dkim-selector"))
        }

        @Test("facts of a lab zone: JSON on stdout, exit 0", .tags(.lab))
        func factsJSON() async throws {
            try await Lab.start()
            let result = await Binary.run(["facts", "good.test", "--resolver", Lab.resolver, "--dkim-selector", "sel2048"])
            #expect(result.status == 0, "\(result.stderr)")
            let facts = try JSONDecoder().decode(FactSet.self, from: Data(result.stdout.utf8))
            #expect(facts.domain == "good.test" && facts.resolvers == [Lab.resolver])
            #expect(facts.dnssec?.status == .secure)
            #expect(facts.mx?.exchanges.count == 2)
            #expect(facts.txt?.dkim.first?.txt.records.count == 1)
        }

        @Test("facts to a file with --output", .tags(.lab))
        func output() async throws {
            try await Lab.start()
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("facts-\(UUID()).json").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            let result = await Binary.run(["facts", "nullmx.test", "--resolver", Lab.resolver, "--output", path])
            #expect(result.status == 0 && result.stdout.isEmpty)
            let facts = try JSONDecoder().decode(FactSet.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(facts.mx?.nullMX == true)
        }

        @Test("bad input: one line that says what to fix, exit code 3",
              arguments: [
                (["facts", "bad..name", "--resolver", "127.0.0.1"], "is not a valid domain name"),
                (["facts", "a@b.test", "--resolver", "127.0.0.1"], "mail address"),
                (["facts", "good.test", "--resolver", "not-an-ip"], "--resolver not-an-ip"),
                (["facts", "good.test", "--resolver", "127.0.0.1:99999"], "port"),
                (["facts", "good.test", "--timeout", "0"], "--timeout"),
                (["facts"], "Missing expected argument"),
                (["facts", "good.test", "--no-such-option"], "Unknown option"),
              ])
        func badInput(arguments: [String], messagePart: String) async {
            let result = await Binary.run(arguments)
            #expect(result.status == 3)
            #expect(result.stderr.contains(messagePart), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        }

        @Test("a resolver that refuses: exit 3 and the message names REFUSED and --resolver", .tags(.lab))
        func refusingResolver() async throws {
            try await Lab.start()
            let result = await Binary.run(["facts", "example.com", "--resolver", Lab.resolver])
            #expect(result.status == 3)
            #expect(result.stderr.contains("refused") && result.stderr.contains("--resolver"))
            #expect(result.stderr.split(separator: "\n").count == 1)
        }

        @Test("an unreachable resolver: exit 3 at once")
        func unreachableResolver() async throws {
            let result = await Binary.run(["facts", "good.test", "--resolver", Lab.deadAddress, "--timeout", "10"])
            #expect(result.status == 3)
            #expect(result.stderr.contains("cannot reach the resolver \(Lab.deadAddress)"))
            #expect(result.seconds < TestTime.scaled(15), "no 2 × 10 s timeout was waited for")
        }

        @Test("a silent resolver: exit 3 after the timeout and retries, not a hang")
        func silentResolver() async throws {
            let silent = try FakeUDPServer()
            defer { silent.stop() }
            let result = await Binary.run(["facts", "good.test", "--resolver", "\(silent.address):\(silent.port)", "--timeout", "0.5", "--retries", "1"])
            #expect(result.status == 3)
            #expect(result.stderr.contains("did not answer"))
            #expect(result.stderr.contains("within 0.5 s"), "the timeout asked for: \(result.stderr)")
            #expect(result.seconds < TestTime.scaled(20), "no hang")
        }

        @Test("the domain deadline bounds a run whatever the timeouts")
        func deadline() async throws {
            let silent = try FakeUDPServer()
            defer { silent.stop() }
            let result = await Binary.run(["facts", "good.test", "--resolver", "\(silent.address):\(silent.port)",
                                     "--timeout", "10", "--retries", "3", "--deadline", "1"])
            #expect(result.status == 3)
            #expect(result.stderr.contains("deadline"))
            #expect(result.seconds < TestTime.scaled(25), "the deadline (1 s) ended the run, not the timeouts (4 × 10 s)")
        }
    }
}
