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
            discussion: "Exit codes: 0 all passed, 1 warnings, 2 failures, 3 errors or could not audit; the worst decides, in the monitoring-plugins order 2 > 1 > 3 > 0 (a failure is never hidden behind an error).")

        @Argument(help: "The domains to audit.")
        var domains: [String] = []

        @Option(name: .customLong("domains-file"), help: ArgumentHelp(
            "A file with one domain per line, each optionally with its DKIM selectors and the MX and NS hosts it must use (example.org dkim=s1,s2 mx=*.example.net ns=ns1.example.net); # starts a comment.",
            valueName: "file"))
        var domainsFile: String?

        @Option(name: .customLong("concurrency"), help: ArgumentHelp(
            "Domains audited at once (default 64; with --qps, as many as the rate can serve within --deadline: qps times deadline / 150).",
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
        @OptionGroup var goLive: GoLiveOptions
        @OptionGroup var configFile: ConfigOption

        /// Domains in flight by default: enough to keep a resolver 50 ms away busy (each domain
        /// waits on a few round trips in turn), few enough that a local one is not swamped
        /// (README, "Bulk runs").
        static let defaultConcurrency = 64

        func validate() throws {
            if let concurrencyOption, !(1...4096).contains(concurrencyOption) {
                throw ValidationError("--concurrency \(concurrencyOption): must be from 1 to 4096")
            }
            for selector in dkimSelectors {
                if let problem = DKIMSelectorSyntax.problem(selector) { throw ValidationError("--dkim-selector: \(problem)") }
            }
        }

        func run() async throws {
            let auditor = try judging.auditor()
            if let days = drift.remindAfter, history.location == nil, drift.baseline == nil {
                throw UserError("--remind-after \(days): it counts the days a problem has lasted from the run history (--history, MAILAUDIT_HISTORY) or a --baseline; give one")
            }
            let (names, input) = try domainNames()
            // Every line of the domains list that cannot be used, at once, before the run: on
            // standard error when the report goes to a file (on standard output, the report
            // itself names them at its top; cron would mail them twice).
            if output.output != nil || output.format == .jsonl || output.format == .csv {
                for error in input?.errors ?? [] { Terminal.error("\(error) (not audited; the other domains are)") }
            }
            let configuration = try resolver.clientConfiguration()
            let dns = StubResolver(configuration: configuration)
            // Owned by the run like the stub resolver: closed when the run ends (its thread
            // joined, libunbound's context freed).
            // Before go-live (--ns, --zone-file): one domain, its own names from those servers or
            // that file; its DNSSEC chain cannot be validated yet (no DS at the parent).
            var goLiveSource: (lookup: any DNSLookup, source: AuditSourceFact)?
            if goLive.isSet {
                guard names.count == 1, let target = names.first else {
                    throw UserError("--ns and --zone-file audit one domain (the zone's); give exactly one")
                }
                goLiveSource = try await goLive.prepare(target.domain, base: dns, timeout: resolver.timeout)
            }
            let validator = goLiveSource == nil ? try resolver.validator(configuration) : nil
            defer { validator?.close() }
            let collector = DomainCollector(dns: goLiveSource?.lookup ?? dns, options: CollectorOptions(
                dkimSelectors: dkimSelectors, deadline: resolver.deadline,
                resolverNames: configuration.servers.map(\.description), publicSuffixList: try records.publicSuffixList(),
                commonDKIMSelectors: !records.noCommonSelectors, nxdomainCut: !records.noNXDOMAINCut, probe: try probes.probeOptions(),
                validator: validator, dnsbl: try dnsbl.options(),
                nameServers: goLiveSource?.source.kind == .zoneFile ? nil : records.nameServerChecker(timeout: resolver.timeout, goLive: goLiveSource?.source.kind == .undelegated),
                source: goLiveSource?.source, rpki: try records.routeOriginData()))
            // The report's destination is opened before the first query (a temporary file beside
            // it, or the file itself for JSON Lines), and after every option was checked (a bad
            // option must not empty last night's JSON Lines file): an unwritable --output costs
            // a second, not a night of probing.
            let destination = try OutputFile.Stream(output.output, inPlace: output.format == .jsonl)
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
            let recorder = RunRecorder(baseline: baseline, problems: problems, timelines: output.format == .html,
                                       remindAfterDays: drift.remindAfter)
            await recorder.open(history.location, start: RunStart(
                startedAt: generatedAt, toolVersion: MailAuditVersion.current, profile: auditor.profile.name,
                rulesDigest: try judging.rulesDigest(), options: resultOptions(configuration.servers.map(\.description)),
                host: ProcessInfo.processInfo.hostName, input: input))

            // A progress line for runs of more than one domain (or when asked for).
            let progress = RunProgress(total: names.count, showsLine: RunProgress.wanted(bulk.progress) && (names.count > 1 || bulk.progress == true))
            defer {
                progress.end()
                if bulk.stats { Terminal.error(progress.statistics(dns.statistics, validation: validator?.statistics)) }
            }
            // SIGINT or SIGTERM: no further domain starts; those in flight finish within their
            // deadline; the report of what finished is written, marked as interrupted, and
            // the history run stays incomplete (README, "Signals").
            let stop = StopRequest()
            let deadline = resolver.deadline
            let status: ExitStatus
            let interruption: RunInterruption?
            (status, interruption) = try await Signals.shared.gracefully({ number in
                stop.request(number)
                progress.end()
                Terminal.error("\(Signals.name(number)): no further domain is started; the domains in flight finish within "
                               + "--deadline (\(deadline.formatted(.number.precision(.fractionLength(0...1)))) s), then the report of what finished is written; "
                               + "a second signal stops at once")
            }) {
                try await audit(names, input: input, run: AuditRun(auditor: auditor, collector: collector, recorder: recorder, concurrency: concurrency),
                                destination: destination, progress: progress, stop: stop, generatedAt: generatedAt)
            }
            progress.end()
            let recorded = await recorder.problems
            for problem in recorded { Terminal.error(problem) }
            if let interruption {
                Terminal.error(interruption.text)
                throw ExitCode(interruption.exitStatus)
            }
            var worst = status
            if !recorded.isEmpty || input?.errors.isEmpty == false { worst = max(worst, .couldNotAudit) }
            if worst != .ok { throw ExitCode(worst.rawValue) }
        }

        /// The audit proper (`AuditRun`: every domain collected, judged and recorded), written
        /// to `destination`. Returns the run's status and, when a signal stopped it, how far it got.
        private func audit(_ names: [CollectionTarget], input: RunInput?, run: AuditRun, destination: OutputFile.Stream,
                           progress: RunProgress, stop: StopRequest, generatedAt: String) async throws -> (ExitStatus, RunInterruption?) {
            let detail = output.factsDetail(factsDetail.detail)
            let quietToTerminal = drift.quiet && output.output == nil
            let profile = run.auditor.profile.name
            if output.format == .jsonl || (output.format == .json && !quietToTerminal) {
                // JSON Lines and JSON are written as the domains are judged, and each domain is
                // then dropped, so memory stays flat however many domains there are. JSON Lines
                // in the order they finish; JSON in the order given (one document).
                var worst = ExitStatus.ok
                let streamed = Streamed(destination, output, detail: detail, generatedAt: generatedAt, profile: profile,
                                        failOn: judging.failOn)
                let interruption: RunInterruption?
                do {
                    let judged = try await run.run(names, inOrder: output.format == .json, stopped: { stop.requested }) { audited in
                        let report = audited.report
                        progress.finished(report)
                        if output.format == .json || !drift.quiet || output.output != nil || Self.isNews(report) {
                            try streamed.add(report)
                        }
                        worst = max(worst, report.exitStatus(failOn: judging.failOn))
                    }
                    interruption = stop.interruption(audited: judged, total: names.count)
                    try streamed.finish(interrupted: interruption, input: input)
                } catch {
                    // The report could not be written: the history keeps the domains recorded
                    // so far in a run that stays incomplete, never a complete run of fewer.
                    streamed.abandon()
                    await run.end(status: nil)
                    throw error
                }
                if input?.errors.isEmpty == false { worst = max(worst, .couldNotAudit) }
                await run.end(status: interruption == nil ? worst : nil)
                return (worst, interruption)
            }
            // The other formats are one document, in the order the domains were given.
            var slots = [DomainReport?](repeating: nil, count: names.count)
            do {
                _ = try await run.run(names, stopped: { stop.requested }) { audited in
                    progress.finished(audited.report)
                    slots[audited.index] = audited.report
                }
            } catch {
                destination.abandon()
                throw error
            }
            let domains = slots.compactMap { $0 }
            let interruption = stop.interruption(audited: domains.count, total: names.count)
            let report = AuditReport(domains: domains, generatedAt: generatedAt, profile: profile,
                                     failOn: judging.failOn, interrupted: interruption, input: input)
            let status = report.exitStatus(failOn: judging.failOn)
            // The history is finished before the report is written: its problems then reach
            // the report's verdict (Nagios' UNKNOWN). A run that every domain reached is
            // complete in the history even if its report cannot be written (the history then
            // holds what was found); a run stopped by a signal stays incomplete.
            await run.end(status: interruption == nil ? status : nil)
            let problems = await run.recorder.problems
            progress.end()
            if interruption != nil && output.format == .prometheus {
                // The metrics of part of the domains would replace every domain's series (and
                // clear their alerts): the file of the last whole run stays.
                destination.abandon()
                Terminal.error("the Prometheus metrics are not written for an interrupted run: \(output.output ?? "standard output") keeps the last complete run's")
                return (status, interruption)
            }
            do {
                if quietToTerminal {
                    // For cron: only the domains with news, and nothing at all when none has.
                    let news = report.domains.filter(Self.isNews)
                    if !news.isEmpty || interruption != nil || input?.errors.isEmpty == false {
                        // News only: no FIX FIRST of old problems, no repeated-domain note every night.
                        try output.write(AuditReport(domains: news, generatedAt: generatedAt, profile: profile,
                                                     failOn: judging.failOn, interrupted: interruption, input: input?.errorsOnly),
                                         verbose: judging.verbose, facts: detail, failOn: judging.failOn, problems: problems,
                                         to: destination, fixFirst: false, rules: run.auditor.judge.rules)
                    }
                } else {
                    try output.write(report, verbose: judging.verbose, facts: detail, failOn: judging.failOn, problems: problems,
                                     to: destination, rules: run.auditor.judge.rules)
                }
                try destination.commit()
            } catch {
                destination.abandon()
                throw error
            }
            return (status, interruption)
        }

        /// A JSON or JSON Lines report written as the domains come.
        private final class Streamed {
            private let stream: OutputFile.Stream
            private let jsonLines: Bool
            private let info: [CodingUserInfoKey: any Sendable]
            private let document: JSONReportStream?

            init(_ stream: OutputFile.Stream, _ output: OutputOptions, detail: FactsDetail, generatedAt: String, profile: String,
                 failOn: FailureThreshold) {
                jsonLines = output.format == .jsonl
                // JSON Lines goes straight to its file (a reader may follow it as it grows);
                // a JSON document replaces its file only once complete.
                self.stream = stream
                info = output.userInfo(detail, jsonLines ? RunContext(profile: profile, generatedAt: generatedAt) : nil)
                document = jsonLines ? nil : JSONReportStream(generatedAt: generatedAt, profile: profile, failOn: failOn,
                                                              userInfo: info, write: { try stream.write($0) })
            }

            func add(_ report: DomainReport) throws {
                if let document { try document.add(report) } else { try stream.write(try JSONOutput.encode(report, pretty: false, userInfo: info)) }
            }

            func finish(interrupted: RunInterruption?, input: RunInput?) throws {
                try document?.finish(interrupted: interrupted, input: input)
                try stream.commit()
            }

            func abandon() { stream.abandon() }
        }

        /// A domain worth telling about under --quiet: seen for the first time, one that could
        /// not be audited (exit 3 must not come silently), or one with a change since its
        /// previous audit (facts only not seen this time, under `--no-smtp`, are none).
        static func isNews(_ report: DomainReport) -> Bool {
            guard let changes = report.changes, report.summary.collectionError == nil else { return true }
            return changes.hasChanges
        }

        /// The options that change what a run finds, recorded with it in the history.
        private func resultOptions(_ resolvers: [String]) -> [String: String] {
            var options = ["resolvers": resolvers.joined(separator: " "), "deadline": String(resolver.deadline),
                           "probes": probes.noSMTP ? "off" : "on", "commonSelectors": records.noCommonSelectors ? "off" : "on",
                           "failOn": judging.failOn.rawValue]
            if !dkimSelectors.isEmpty { options["dkimSelectors"] = dkimSelectors.joined(separator: ",") }
            if probes.tlsVersions { options["tlsVersions"] = "on" }
            if probes.relayTest { options["relayTest"] = "on" }
            if let shard = bulk.shard { options["shard"] = "\(shard.index)/\(shard.count)" }
            if records.noNXDOMAINCut { options["nxdomainCut"] = "off" }
            if let rules = judging.rulesDirectory { options["rules"] = rules }
            if let lists = dnsbl.summary { options["dnsbl"] = lists }
            return options
        }

        /// The domains of the arguments and of --domains-file, checked, each once; with
        /// --shard, only the share of this run (which may be none). A bad argument stops the
        /// run (the user is there to fix it); bad lines of the file do not (`DomainsFile`): they
        /// come back in `input`, for the report.
        private func domainNames() throws -> (targets: [CollectionTarget], input: RunInput?) {
            var contents = DomainsFile.Contents()
            for (index, name) in domains.enumerated() {
                do {
                    contents.add(CollectionTarget(try DomainName(name)), place: "argument \(index + 1)", as: InertText.escape(name))
                } catch {
                    throw UserError(error.description)
                }
            }
            if let domainsFile {
                let file = try DomainsFile.read(domainsFile)
                contents.errors = file.errors
                contents.duplicates += file.duplicates
                // The file's domains after the arguments, each once (a domain in both is one audit).
                for target in file.targets { contents.add(target, place: domainsFile, as: target.domain.ascii) }
            }
            guard !contents.targets.isEmpty else {
                if let first = contents.errors.first {
                    throw UserError(contents.errors.count == 1 ? first
                                    : "\(domainsFile ?? "the domains file"): no line can be used: " + contents.errors.joined(separator: "; "))
                }
                throw UserError("no domain given: name one or more, or use --domains-file")
            }
            if let shard = bulk.shard { contents.targets = contents.targets.filter { shard.contains($0.domain.ascii) } }
            return (contents.targets, RunInput.make(errors: contents.errors, duplicates: contents.duplicates))
        }
    }
}
