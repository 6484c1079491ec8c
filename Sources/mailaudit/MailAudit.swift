import ArgumentParser
import Foundation
import MailFacts
import Reports

@main
struct MailAudit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mailaudit",
        abstract: "Audit how a domain receives and authenticates mail: MX, SPF, DKIM, DMARC, MTA-STS, TLS-RPT, BIMI, DNSSEC and DANE.",
        discussion: """
            Exit codes: 0 all passed, 1 warnings, 2 failures, 3 could not audit (bad input, \
            an unreachable or refusing resolver, errors). A run's code is its worst in the \
            monitoring-plugins order, 2 > 1 > 3 > 0: a failure is never hidden behind an error.
            """,
        version: MailAuditVersion.description,
        subcommands: [Audit.self, Facts.self, Check.self, Report.self, SPF.self, SMTP.self, Rules.self, HistoryCommand.self, Diff.self]
    )

    /// `--deadline -5` as `--deadline=-5`: ArgumentParser takes a value that starts with a dash
    /// for an option of its own and says "missing value", where the user needs to hear that
    /// the number is out of range. (No argument of mailaudit is a negative number.)
    static func negativeValuesJoined(_ words: [String]) -> [String] {
        var joined: [String] = []
        var index = 0
        while index < words.count {
            let word = words[index]
            if word.hasPrefix("--"), !word.contains("="), index + 1 < words.count,
               words[index + 1].count > 1, words[index + 1].hasPrefix("-"), Double(words[index + 1]) != nil {
                joined.append(word + "=" + words[index + 1])
                index += 2
                continue
            }
            joined.append(word)
            index += 1
        }
        return joined
    }

    /// Parses and runs like ArgumentParser's own `main`, but every error a user can cause
    /// ends with exit code 3 ("could not audit", `ExitStatus`) instead of ArgumentParser's 64.
    static func main() async {
        StandardOutput.ignoreBrokenPipe()
        Signals.shared.install()
        let words = Array(CommandLine.arguments.dropFirst())
        if let word = words.first, !word.hasPrefix("-"),
           let suggestion = CommandSuggestion.unknown(word, among: configuration.subcommands.map { $0._commandName } + ["help"]) {
            Terminal.error(suggestion)
            Foundation.exit(ExitStatus.couldNotAudit.rawValue)
        }
        // The same for the commands of `rules`.
        if words.first == "rules", words.count > 1, !words[1].hasPrefix("-"),
           let suggestion = CommandSuggestion.unknown(words[1], among: Rules.configuration.subcommands.map { $0._commandName } + ["help"]) {
            Terminal.error("rules: " + suggestion)
            Foundation.exit(ExitStatus.couldNotAudit.rawValue)
        }
        // `--config FILE`: its options go in before the user's own (which win).
        var config = ConfigFile()
        do {
            var command = try parseAsRoot(try config.expand(Self.negativeValuesJoined(words)))
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            // An exit status a command chose (0-3): passed through as it is.
            Foundation.exit(exit.rawValue)
        } catch let error as UserError {
            // Every problem a user can fix, from every command: one line, one prefix, exit 3.
            Terminal.error(config.attribute(error.message))
            Foundation.exit(ExitStatus.couldNotAudit.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // --help, --version: ArgumentParser's own text.
                let message = fullMessage(for: error)
                if !message.isEmpty, (try? StandardOutput.print(message)) == nil {
                    Terminal.error("cannot write to standard output")
                    Foundation.exit(ExitStatus.couldNotAudit.rawValue)
                }
                Foundation.exit(0)
            }
            // A mistyped option or value: one line, like every other error (ArgumentParser's
            // full message repeats the usage, which --help shows anyway).
            let message = self.message(for: error)
            if !message.isEmpty { Terminal.error(config.attribute(message)) }
            Foundation.exit(code == .failure || code == .validationFailure ? ExitStatus.couldNotAudit.rawValue : code.rawValue)
        }
    }
}
