import Foundation
import LabServers
import LabSupport
import Testing

extension ProgramTests {
    /// The man page (docs/man/mailaudit.1, which scripts/package.sh installs and regenerates
    /// from the binary with swift-argument-parser's generate-manual, failing when they differ)
    /// and the bash completion (from `--generate-completion-script`) say what `--help` says:
    /// every command, every option; nothing more.
    @Suite("The man page and the completions agree with --help")
    struct ManualTests {
        static let manual = Lab.packageRoot.appendingPathComponent("docs/man/mailaudit.1")

        /// Every command path: [], ["audit"], ..., ["rules", "list"], ["history", "show"].
        static func commands() async -> [[String]] {
            var paths: [[String]] = [[]]
            var index = 0
            while index < paths.count {
                let path = paths[index]
                index += 1
                let help = await Binary.run(path + ["--help"]).stdout
                guard let section = help.components(separatedBy: "SUBCOMMANDS:\n").dropFirst().first else { continue }
                // The section's lines up to its first blank line: "  list   List the rules ...".
                for line in section.split(separator: "\n", omittingEmptySubsequences: false).prefix(while: { !$0.isEmpty })
                where line.hasPrefix("  ") && !line.hasPrefix("   ") {
                    let name = line.dropFirst(2).split(separator: " ").first.map(String.init) ?? ""
                    if !name.isEmpty, name.allSatisfy({ $0.isLowercase || $0 == "-" }), !path.contains(name) { paths.append(path + [name]) }
                }
                if paths.count > 100 { break }
            }
            return paths
        }

        /// The long options `--help` lists for a command (its OPTIONS lines, not its prose).
        static func helpOptions(_ path: [String]) async -> Set<String> {
            let help = await Binary.run(path + ["--help"]).stdout
            var options: Set<String> = []
            for line in help.split(separator: "\n") where line.hasPrefix("  -") {
                let names = line.dropFirst(2).components(separatedBy: "  ").first ?? ""
                for word in names.split(whereSeparator: { " ,/".contains($0) }) where word.hasPrefix("--") {
                    options.insert(String(word))
                }
            }
            return options
        }

        @Test("every command and every option of --help is in the man page, and the page has no option --help lacks")
        func manualMatchesHelp() async throws {
            let page = try String(contentsOf: Self.manual, encoding: .utf8)
            // mdoc: ".It Fl -resolver Ar ip[:port]..." for an option, ".It Fl o , -output Ar file"
            // for one with two names, ".It Em audit" for a command.
            var pageOptions: Set<String> = []
            for line in page.split(separator: "\n") where line.hasPrefix(".It Fl ") {
                let names = line.dropFirst(".It Fl ".count).components(separatedBy: " Ar ")[0]
                for name in names.components(separatedBy: " , ") { pageOptions.insert("-" + name.trimmingCharacters(in: .whitespaces)) }
            }
            let commands = await Self.commands()
            #expect(commands.count >= 14, "the commands found: \(commands)")
            var helpOptions: Set<String> = []
            for path in commands {
                let options = await Self.helpOptions(path)
                helpOptions.formUnion(options)
                let missing = options.subtracting(pageOptions)
                #expect(missing.isEmpty, "mailaudit \(path.joined(separator: " ")) --help has \(missing.sorted()), the man page does not: run scripts/manpage.sh")
                if let name = path.last {
                    #expect(page.contains(".It Em \(name)\n"), "the man page has no command \(name): run scripts/manpage.sh")
                }
            }
            // Options as --help lists them (the inversions of flags: --no-progress) against the page.
            let extra = pageOptions.filter { $0.hasPrefix("--") }.subtracting(helpOptions)
            #expect(extra.isEmpty, "the man page has options no --help has: \(extra.sorted()): run scripts/manpage.sh")
            print("manual: \(commands.count) commands, \(helpOptions.count) options, in --help and the man page alike")
        }

        @Test("bash completion of 'mailaudit COMMAND --' offers exactly the options of its --help")
        func bashCompletion() async throws {
            let script = FileManager.default.temporaryDirectory.appendingPathComponent("completion-\(UUID()).bash")
            let generated = await Binary.run(["--generate-completion-script", "bash"])
            try generated.stdout.write(to: script, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: script) }
            for path in await Self.commands() {
                let words = (["mailaudit"] + path + ["--"]).joined(separator: " ")
                let program = """
                    source '\(script.path)'
                    COMP_WORDS=(\(words)); COMP_CWORD=\(path.count + 1); COMP_LINE='\(words)'; COMP_POINT=${#COMP_LINE}
                    _mailaudit mailaudit -- \(path.last ?? "mailaudit"); printf '%s\\n' "${COMPREPLY[@]}"
                    """
                let run = await Run.program(["/bin/bash", "-c", program], timeout: 20)
                let offered = Set(run.stdout.split(separator: "\n").map(String.init).filter { $0.hasPrefix("--") })
                let help = await Self.helpOptions(path)
                #expect(offered == help, "mailaudit \(path.joined(separator: " ")) --<TAB>: \(offered.symmetricDifference(help).sorted()) differ; \(run.stderr)")
            }
        }
    }
}
