import ArgumentParser
import Foundation
import MailFacts
import Reports
import RuleEngine

/// How a report is written; shared by audit and check.
struct ReportOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, jsonl, html }

    @Option(help: "Output format: text, json (one report), jsonl (one line per domain) or html (one self-contained page).")
    var format: Format = .text

    @Option(name: [.short, .long], help: ArgumentHelp("Write the report to this file.", valueName: "file"))
    var output: String?

    @Option(name: .customLong("fail-on"), help: "The lowest outcome that makes the exit code non-zero: warn (exit 1) or fail (exit 2).")
    var failOn: String = "warn"

    @Flag(name: .shortAndLong, help: "Text: show passing findings too, and a line per probed mail server.")
    var verbose = false

    @Option(name: .customLong("rules"), help: ArgumentHelp("A folder of rule files to add to (or override) the built-in ones.", valueName: "dir"))
    var rulesDirectory: String?

    @Option(help: ArgumentHelp("The profile: default, go-live, bulk-sender-2024, bod-18-01, or a profile file.", valueName: "name|file"))
    var profile: String = "default"

    /// The rules of the run under the profile, or exit 3 with the file error.
    func judge() throws -> (RuleJudge, Profile) {
        let rules = try loadRules(rulesDirectory)
        do {
            let loaded = try ProfileLoader.load(profile, rules: rules)
            return (RuleJudge(rules: loaded.apply(to: rules)), loaded)
        } catch {
            Terminal.error("profile error: \(error.description)")
            throw ExitCode(ExitStatus.couldNotAudit)
        }
    }

    func validate() throws {
        guard ["warn", "fail"].contains(failOn) else { throw ValidationError("--fail-on must be warn or fail") }
    }

    /// Where a streamed report (JSON Lines) goes: standard output or the --output file.
    func openStream() throws -> FileHandle {
        guard let output else { return FileHandle.standardOutput }
        guard let handle = try? OutputFile.open(output) else {
            throw UserError("cannot write \(output)")
        }
        return handle
    }

    func write(_ report: AuditReport) throws {
        var data = Data()
        switch format {
        case .text:
            let renderer = TextReport(colour: output == nil && TextReport.terminalWantsColour, verbose: verbose)
            data = Data((report.domains.map(renderer.render).joined(separator: "\n\n") + "\n").utf8)
        case .json:
            data = try JSONOutput.encode(report)
        case .jsonl:
            for domain in report.domains { data.append(try JSONOutput.encode(domain, pretty: false)) }
        case .html:
            data = Data(HTMLReport.render(report).utf8)
        }
        if let output {
            do { try OutputFile.write(data, to: output) } catch {
                throw UserError("cannot write \(output): \(error.localizedDescription)")
            }
        } else {
            FileHandle.standardOutput.write(data)
        }
    }
}

extension MailAudit {
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Judge saved facts (from `mailaudit facts`) without a network.",
            discussion: "Exit codes: 0 all passed, 1 warnings, 2 failures, 3 errors or could not audit.")

        @Option(help: ArgumentHelp("A facts file written by `mailaudit facts`.", valueName: "file"))
        var facts: String

        @OptionGroup var report: ReportOptions

        func run() async throws {
            let (judge, profile) = try report.judge()
            do {
                guard let data = FileManager.default.contents(atPath: facts) else { throw UserError("cannot read \(facts)") }
                let factSet: FactSet
                do { factSet = try JSONDecoder().decode(FactSet.self, from: data) } catch {
                    throw UserError("\(facts) is not a facts file from `mailaudit facts`: \(error)")
                }
                let findings = profile.waive(judge.judge(try RuleSet.value(of: factSet), subject: factSet.domain))
                let result = AuditReport(domains: [DomainReport(facts: factSet, findings: findings)],
                                         generatedAt: ISO8601DateFormatter().string(from: Date()), profile: profile.name)
                try report.write(result)
                let status = result.exitStatus(failOnWarn: report.failOn == "warn")
                if status != 0 { throw ExitCode(status) }
            } catch let error as UserError {
                Terminal.error(error.message)
                throw ExitCode(ExitStatus.couldNotAudit)
            }
        }
    }
}
