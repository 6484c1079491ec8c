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

        @Option(name: .customLong("concurrency"), help: ArgumentHelp(
            "Domains audited at once (default 64; with --qps, as many as the rate can serve within --deadline: qps × deadline / 150).",
            valueName: "n"))
        var concurrencyOption: Int?

        /// Domains in flight: as asked, or 64; under `--qps`, no more than the rate can
        /// finish within the deadline at about 150 queries a domain (a domain with SPF
        /// includes and the common DKIM selectors), so that pacing does not push every
        /// domain past its deadline.
        var concurrency: Int {
            if let concurrencyOption { return concurrencyOption }
            guard let qps = resolver.qps else { return Self.defaultConcurrency }
            return max(1, min(Self.defaultConcurrency, Int(qps * resolver.deadline / 150)))
        }

        @Option(name: .customLong("dkim-selector"), help: ArgumentHelp("A DKIM selector to look up (repeatable).", valueName: "selector"))
        var dkimSelectors: [String] = []

        @OptionGroup var resolver: ResolverOptions
        @OptionGroup var records: RecordOptions
        @OptionGroup var output: OutputOptions
        @OptionGroup var factsDetail: AuditFactsDetailOption
        @OptionGroup var judging: JudgeOptions
        @OptionGroup var probes: ProbeCLIOptions
        @OptionGroup var dnsbl: DNSBLCLIOptions
        @OptionGroup var history: HistoryLocationOption
        @OptionGroup var drift: DriftOptions
        @OptionGroup var bulk: BulkOptions

        /// Domains in flight by default: enough to keep a resolver 50 ms away busy (each domain
        /// waits on a few round trips in turn), few enough that a local one is not swamped
        /// (README, "Bulk runs").
        static let defaultConcurrency = 64

        func validate() throws {
            if let concurrencyOption, !(1...4096).contains(concurrencyOption) {
                throw ValidationError("--concurrency must be between 1 and 4096")
            }
        }

        func run() async throws {
            let auditor = try judging.auditor()
            let names = try domainNames()
            let configuration = try resolver.clientConfiguration()
            let dns = StubResolver(configuration: configuration)
            let collector = DomainCollector(dns: dns, options: CollectorOptions(
                dkimSelectors: dkimSelectors, deadline: resolver.deadline,
                resolverNames: configuration.servers.map(\.description), publicSuffixList: try records.publicSuffixList(),
                commonDKIMSelectors: !records.noCommonSelectors, nxdomainCut: !records.noNXDOMAINCut, probe: try probes.probeOptions(),
                validator: try resolver.validator(configuration.servers), dnsbl: try dnsbl.options()))
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

            // A progress line for runs of more than one domain (or when asked for).
            let progress = RunProgress(total: names.count, showsLine: RunProgress.wanted(bulk.progress) && (names.count > 1 || bulk.progress == true))
            defer {
                progress.end()
                if bulk.stats { Terminal.error(progress.statistics(dns.statistics)) }
            }
            let detail = output.factsDetail(factsDetail.detail)
            let quietToTerminal = drift.quiet && output.output == nil
            var status: ExitStatus
            if output.format == .jsonl || (output.format == .json && !quietToTerminal) {
                // JSON Lines and JSON are written as the domains are judged, and each domain is
                // then dropped, so memory stays flat however many domains there are. JSON Lines
                // in the order they finish; JSON in the order given (one document).
                var worst = ExitStatus.ok
                let streamed: Streamed
                do {
                    streamed = try Streamed(output, detail: detail, generatedAt: generatedAt, profile: auditor.profile.name,
                                            failOn: judging.failOn)
                } catch {
                    await recorder.finish(exitStatus: .couldNotAudit)
                    throw error
                }
                do {
                    try await auditor.audit(names, with: collector, concurrency: concurrency, inOrder: output.format == .json) { audited in
                        let report = await recorder.process(audited.report)
                        progress.finished(report)
                        if output.format == .json || !drift.quiet || output.output != nil || Self.isNews(report) {
                            try streamed.add(report)
                        }
                        worst = max(worst, report.exitStatus(failOn: judging.failOn))
                    }
                    try streamed.finish()
                } catch {
                    streamed.abandon()
                    await recorder.finish(exitStatus: .couldNotAudit)
                    throw error
                }
                status = worst
                await recorder.finish(exitStatus: status)
            } else {
                // The other formats are one document, in the order the domains were given.
                var slots = [DomainReport?](repeating: nil, count: names.count)
                try await auditor.audit(names, with: collector, concurrency: concurrency) { audited in
                    let report = await recorder.process(audited.report)
                    progress.finished(report)
                    slots[audited.index] = report
                }
                let report = AuditReport(domains: slots.compactMap { $0 }, generatedAt: generatedAt, profile: auditor.profile.name,
                                         failOn: judging.failOn)
                status = report.exitStatus(failOn: judging.failOn)
                // The history is finished before the report is written: its problems then
                // reach the report's verdict (Nagios' UNKNOWN), and a failed write of the
                // report leaves no run unfinished.
                await recorder.finish(exitStatus: status)
                progress.end()
                if quietToTerminal {
                    // For cron: only the domains with news, and nothing at all when none has.
                    let news = report.domains.filter(Self.isNews)
                    if !news.isEmpty {
                        try output.write(AuditReport(domains: news, generatedAt: generatedAt, profile: auditor.profile.name, failOn: judging.failOn),
                                         verbose: judging.verbose, facts: detail, failOn: judging.failOn, problems: recorder.problems)
                    }
                } else {
                    try output.write(report, verbose: judging.verbose, facts: detail, failOn: judging.failOn, problems: recorder.problems)
                }
            }
            progress.end()
            for problem in recorder.problems { Terminal.error(problem) }
            if !recorder.problems.isEmpty { status = max(status, .couldNotAudit) }
            if status != .ok { throw ExitCode(status.rawValue) }
        }

        /// A JSON or JSON Lines report written as the domains come.
        private final class Streamed {
            private let stream: OutputFile.Stream
            private let jsonLines: Bool
            private let info: [CodingUserInfoKey: any Sendable]
            private let document: JSONReportStream?

            init(_ output: OutputOptions, detail: FactsDetail, generatedAt: String, profile: String, failOn: FailureThreshold) throws {
                jsonLines = output.format == .jsonl
                // JSON Lines goes straight to its file (a reader may follow it as it grows);
                // a JSON document replaces its file only once complete.
                stream = try OutputFile.Stream(output.output, inPlace: jsonLines)
                info = output.userInfo(detail, jsonLines ? RunContext(profile: profile, generatedAt: generatedAt) : nil)
                let stream = self.stream
                document = jsonLines ? nil : JSONReportStream(generatedAt: generatedAt, profile: profile, failOn: failOn,
                                                              userInfo: info, write: { try stream.write($0) })
            }

            func add(_ report: DomainReport) throws {
                if let document { try document.add(report) } else { try stream.write(try JSONOutput.encode(report, pretty: false, userInfo: info)) }
            }

            func finish() throws {
                try document?.finish()
                try stream.commit()
            }

            func abandon() { stream.abandon() }
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
            if records.noNXDOMAINCut { options["nxdomainCut"] = "off" }
            if let rules = judging.rulesDirectory { options["rules"] = rules }
            if let lists = dnsbl.summary { options["dnsbl"] = lists }
            return options
        }

        /// The domains of the arguments and of --domains-file, checked; with --shard, only
        /// the share of this run (which may be none).
        private func domainNames() throws -> [CollectionTarget] {
            var targets: [CollectionTarget] = []
            for name in domains {
                do { targets.append(CollectionTarget(try DomainName(name))) } catch { throw UserError(error.description) }
            }
            if let domainsFile { targets += try DomainsFile.read(domainsFile) }
            guard !targets.isEmpty else { throw UserError("no domain given: name one or more, or use --domains-file") }
            if let shard = bulk.shard { targets = targets.filter { shard.contains($0.domain.ascii) } }
            return targets
        }
    }
}
