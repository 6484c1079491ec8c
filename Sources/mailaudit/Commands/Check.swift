import ArgumentParser
import Foundation
import MailFacts
import Reports

extension MailAudit {
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Judge saved facts (from `mailaudit facts`) without a network.",
            discussion: "Exit codes: 0 all passed, 1 warnings, 2 failures, 3 errors or could not audit.")

        @Option(help: ArgumentHelp("A facts file written by `mailaudit facts`.", valueName: "file"))
        var facts: String

        @OptionGroup var output: OutputOptions
        @OptionGroup var factsDetail: CheckFactsDetailOption
        @OptionGroup var judging: JudgeOptions

        func run() async throws {
            let auditor = try judging.auditor()
            let data = try InputFile.read(facts)
            let factSet: FactSet
            do { factSet = try JSONDecoder().decode(FactSet.self, from: data) } catch {
                throw UserError("\(facts) is not a facts file from `mailaudit facts`: \(DecodingProblem.describe(error))")
            }
            let report = AuditReport(domains: [try auditor.judge(factSet)], generatedAt: ISO8601DateFormatter().string(from: Date()),
                                     profile: auditor.profile.name, failOn: judging.failOn)
            try output.write(report, verbose: judging.verbose, facts: factsDetail.detail, failOn: judging.failOn)
            let status = report.exitStatus(failOn: judging.failOn)
            if status != .ok { throw ExitCode(status.rawValue) }
        }
    }
}
