import ArgumentParser
import Foundation
import MailFacts
import Reports

extension MailAudit {
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Judge saved facts (from `mailaudit facts`, or a report with full facts) without a network.",
            discussion: "Exit codes: 0 all passed, 1 warnings, 2 failures, 3 errors or could not audit; the worst decides, in the order 2 > 1 > 3 > 0.")

        @Option(help: ArgumentHelp(
            "A facts file written by `mailaudit facts`, or a report with full facts (`audit --format json`, or `--format jsonl --facts full`).",
            valueName: "file"))
        var facts: String

        @OptionGroup var output: OutputOptions
        @OptionGroup var factsDetail: CheckFactsDetailOption
        @OptionGroup var judging: JudgeOptions

        func run() async throws {
            let auditor = try judging.auditor()
            let data = try InputFile.read(facts)
            var factSets: [FactSet] = []
            do { factSets = [try JSONDecoder().decode(FactSet.self, from: data)] } catch let factsError {
                // Not a facts file: a report's domains, if it carries their full facts.
                guard let records = try? Report.read(facts), !records.isEmpty else {
                    throw UserError("\(facts) is not a facts file from `mailaudit facts` (nor a report from `audit --format json` or jsonl): \(DecodingProblem.describe(factsError))")
                }
                for record in records {
                    guard record.report.hasFullFacts else {
                        throw UserError("\(facts): the record of \(record.report.domain) has only a summary of the facts (the JSON Lines default), "
                                        + "which cannot be judged again; audit with --facts full")
                    }
                    factSets.append(record.report.facts)
                }
            }
            let report = AuditReport(domains: try factSets.map(auditor.judge), generatedAt: ISO8601DateFormatter().string(from: Date()),
                                     profile: auditor.profile.name, failOn: judging.failOn)
            try output.write(report, verbose: judging.verbose, facts: factsDetail.detail, failOn: judging.failOn, rules: auditor.judge.rules)
            let status = report.exitStatus(failOn: judging.failOn)
            if status != .ok { throw ExitCode(status.rawValue) }
        }
    }
}
