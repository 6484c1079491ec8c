import ArgumentParser
import AuditPipeline
import Collector
import DNSClient
import Foundation
import History
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
        @OptionGroup var history: HistoryLocationOption
        @OptionGroup var drift: DriftOptions

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
            let generatedAt = ISO8601DateFormatter().string(from: Date())

            // What this run is compared with: the baseline report, or the history's previous
            // run of each domain. A problem with either is reported at the end (exit 3); the
            // audit and its report go ahead.
            var problems: [String] = []
            var baseline: Baseline?
            if let path = drift.baseline {
                do {
                    let read = try Baseline.read(path)
                    try read.check(covers: names.map(\.domain.ascii))
                    baseline = read
                } catch let error as UserError {
                    problems.append(error.message + " (the report is still written, without changes)")
                }
            }
            let recorder = RunRecorder(baseline: baseline, problems: problems, timelines: output.format == .html)
            await recorder.open(history.location, start: RunStart(
                startedAt: generatedAt, toolVersion: MailAuditVersion.current, profile: auditor.profile.name,
                rulesDigest: try judging.rulesDigest(), options: resultOptions(configuration.servers.map(\.description)),
                host: ProcessInfo.processInfo.hostName))

            var status: ExitStatus
            if output.format == .jsonl {
                // JSON Lines streams: each domain is written as soon as it is judged and then
                // dropped, so memory stays flat however many domains there are.
                let stream = try output.openStream()
                var worst = ExitStatus.ok
                let info = output.userInfo(output.factsDetail(factsDetail.detail), RunContext(profile: auditor.profile.name, generatedAt: generatedAt))
                try await auditor.audit(names, with: collector, concurrency: concurrency) { audited in
                    let report = await recorder.process(audited.report)
                    if !drift.quiet || output.output != nil || Self.isNews(report) {
                        stream.write(try JSONOutput.encode(report, pretty: false, userInfo: info))
                    }
                    worst = max(worst, report.exitStatus(failOn: judging.failOn))
                }
                if output.output != nil { try? stream.close() }
                status = worst
                await recorder.finish(exitStatus: status)
            } else {
                // The other formats are one document, in the order the domains were given.
                var slots = [DomainReport?](repeating: nil, count: names.count)
                try await auditor.audit(names, with: collector, concurrency: concurrency) { audited in
                    slots[audited.index] = await recorder.process(audited.report)
                }
                let report = AuditReport(domains: slots.compactMap { $0 }, generatedAt: generatedAt, profile: auditor.profile.name,
                                         failOn: judging.failOn)
                status = report.exitStatus(failOn: judging.failOn)
                // The history is finished before the report is written: its problems then
                // reach the report's verdict (Nagios' UNKNOWN), and a failed write of the
                // report leaves no run unfinished.
                await recorder.finish(exitStatus: status)
                if drift.quiet && output.output == nil {
                    // For cron: only the domains with news, and nothing at all when none has.
                    let news = report.domains.filter(Self.isNews)
                    if !news.isEmpty {
                        try output.write(AuditReport(domains: news, generatedAt: generatedAt, profile: auditor.profile.name, failOn: judging.failOn),
                                         verbose: judging.verbose, facts: factsDetail.detail, failOn: judging.failOn, problems: recorder.problems)
                    }
                } else {
                    try output.write(report, verbose: judging.verbose, facts: factsDetail.detail, failOn: judging.failOn, problems: recorder.problems)
                }
            }
            for problem in recorder.problems { Terminal.error(problem) }
            if !recorder.problems.isEmpty { status = max(status, .couldNotAudit) }
            if status != .ok { throw ExitCode(status.rawValue) }
        }

        /// A domain worth telling about under --quiet: seen for the first time, one that could
        /// not be audited (exit 3 must not come silently), or one with any change since its
        /// previous audit.
        static func isNews(_ report: DomainReport) -> Bool {
            guard let changes = report.changes, report.summary.collectionError == nil else { return true }
            return !changes.isEmpty
        }

        /// The options that change what a run finds, recorded with it in the history.
        private func resultOptions(_ resolvers: [String]) -> [String: String] {
            var options = ["resolvers": resolvers.joined(separator: " "), "deadline": String(resolver.deadline),
                           "probes": probes.noSMTP ? "off" : "on", "commonSelectors": records.noCommonSelectors ? "off" : "on",
                           "failOn": judging.failOn.rawValue]
            if !dkimSelectors.isEmpty { options["dkimSelectors"] = dkimSelectors.joined(separator: ",") }
            if probes.tlsVersions { options["tlsVersions"] = "on" }
            if let rules = judging.rulesDirectory { options["rules"] = rules }
            return options
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
