import ArgumentParser
import AuditPipeline
import Collector
import DNSClient
import Foundation
import MailFacts
import Reports

extension MailAudit {
    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Audit domains: collect their facts, judge them with the rules, report.",
            discussion: "Exit codes: 0 all passed, 1 warnings, 2 failures, 3 errors or could not audit (the worst domain decides).")

        @Argument(help: "The domains to audit.")
        var domains: [String] = []

        @Option(name: .customLong("domains-file"), help: ArgumentHelp(
            "A file with one domain per line, each optionally with its DKIM selectors (example.org dkim=s1,s2); # starts a comment.",
            valueName: "file"))
        var domainsFile: String?

        @Option(help: ArgumentHelp("Domains audited at once.", valueName: "n"))
        var concurrency: Int = 8

        @Option(name: .customLong("dkim-selector"), help: ArgumentHelp("A DKIM selector to look up (repeatable).", valueName: "selector"))
        var dkimSelectors: [String] = []

        @OptionGroup var resolver: ResolverOptions
        @OptionGroup var records: RecordOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var factsDetail: AuditFactsDetailOption
        @OptionGroup var judging: JudgeOptions
        @OptionGroup var probes: ProbeCLIOptions

        func validate() throws {
            guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        }

        func run() async throws {
            let auditor = try judging.auditor()
            let names = try domainNames()
            let configuration = try resolver.clientConfiguration()
            let collector = DomainCollector(dns: StubResolver(configuration: configuration), options: CollectorOptions(
                dkimSelectors: dkimSelectors, deadline: resolver.deadline,
                resolverNames: configuration.servers.map(\.description), publicSuffixList: try records.publicSuffixList(),
                commonDKIMSelectors: !records.noCommonSelectors, probe: try probes.probeOptions()))
            let status: ExitStatus
            if output.format == .jsonl {
                // JSON Lines streams: each domain is written as soon as it is judged and then
                // dropped, so memory stays flat however many domains there are.
                let stream = try output.openStream()
                var worst = ExitStatus.ok
                let info = output.userInfo(output.factsDetail(factsDetail.detail), RunContext(profile: auditor.profile.name, generatedAt: ISO8601DateFormatter().string(from: Date())))
                try await auditor.audit(names, with: collector, concurrency: concurrency) { audited in
                    stream.write(try JSONOutput.encode(audited.report, pretty: false, userInfo: info))
                    worst = max(worst, audited.report.summary.exitStatus(failOn: judging.failOn))
                }
                if output.output != nil { try? stream.close() }
                status = worst
            } else {
                // The other formats are one document, in the order the domains were given.
                let reports = try await auditor.auditAll(names, with: collector, concurrency: concurrency)
                let report = AuditReport(domains: reports, generatedAt: ISO8601DateFormatter().string(from: Date()), profile: auditor.profile.name,
                                         failOn: judging.failOn)
                try output.write(report, verbose: judging.verbose, facts: factsDetail.detail)
                status = report.exitStatus(failOn: judging.failOn)
            }
            if status != .ok { throw ExitCode(status.rawValue) }
        }

        /// The domains of the arguments and of --domains-file, checked.
        private func domainNames() throws -> [CollectionTarget] {
            var targets: [CollectionTarget] = []
            for name in domains {
                do { targets.append(CollectionTarget(try DomainName(name))) } catch { throw UserError(error.description) }
            }
            if let domainsFile { targets += try DomainsFile.read(domainsFile) }
            guard !targets.isEmpty else { throw UserError("no domain given: name one or more, or use --domains-file") }
            return targets
        }
    }
}
