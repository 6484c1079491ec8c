import ArgumentParser
import AuditPipeline
import Foundation
import Drift
import History
import MailFacts
import Reports

extension MailAudit {
    /// `mailaudit history list|show|prune`: what the run history holds (docs/history.md).
    struct HistoryCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history",
            abstract: "List, show and prune the runs recorded by audit --history.",
            subcommands: [List.self, Show.self, Prune.self])

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "The runs, newest first; with a domain, its runs and counts.")

            @Argument(help: "Only the runs that audited this domain, with its counts in each.")
            var domain: String?

            @Option(help: ArgumentHelp("How many runs.", valueName: "n"))
            var limit: Int = 20

            @OptionGroup var location: HistoryLocationOption
            @OptionGroup var configFile: ConfigOption
            @OptionGroup var format: PrintFormatOptions

            func run() async throws {
                let history = try await location.openRequired()
                let domainName = try domain.map { try DomainName($0).ascii }
                let runs: [RunRecord]
                var timeline: [Int64: DomainRunSummary] = [:]
                do {
                    guard limit >= 1 else { throw UserError("--limit must be at least 1") }
                    runs = try await history.runs(domain: domainName, limit: limit)
                    if let domainName {
                        for entry in try await history.timeline(domain: domainName, limit: limit) { timeline[entry.runID] = entry }
                    }
                } catch let error as HistoryError {
                    await history.close()
                    throw UserError(error.description)
                } catch {
                    await history.close()
                    throw error
                }
                await history.close()
                let place = history.location.display
                if format.isJSON {
                    struct Entry: Encodable { var run: RunRecord; var domain: DomainRunSummary? }
                    try OutputFile.writeOrPrint(JSONOutput.encode(runs.map { Entry(run: $0, domain: timeline[$0.id]) }), to: nil)
                    return
                }
                guard !runs.isEmpty else {
                    try StandardOutput.print(domainName.map { "no run in \(place) audited \($0)" } ?? "no run recorded yet in \(place)")
                    return
                }
                for run in runs {
                    var line = "run \(run.id)  \(run.startedAt)  \(run.status.rawValue)  \(TextReport.count(run.domains, "domain"))  profile \(run.profile)"
                    if let status = run.exitStatus { line += "  exit \(status)" }
                    // Fewer findings from a run that measured less is no improvement: say so.
                    if run.options["probes"] == "off" { line += "  (--no-smtp: servers not probed)" }
                    if let totals = run.findings, timeline[run.id] == nil {
                        // What the run found, not only what --fail-on new made of it.
                        line += "  · \(totals.fail) fail, \(totals.warn) warn, \(totals.error) error"
                            + (totals.notAudited > 0 ? ", \(totals.notAudited) not audited" : "")
                        if let errors = run.input?.errors, !errors.isEmpty {
                            line += ", " + TextReport.count(errors.count, "line") + " of the list not usable"
                        }
                    }
                    if let entry = timeline[run.id] {
                        line += "  · \(entry.fail) fail, \(entry.warn) warn, \(entry.error) error, \(entry.info) info, \(entry.pass) pass"
                        if let days = entry.certificateDaysMin {
                            line += days < 0 ? ", a certificate had expired \(-days) days before the run" : ", certificates valid ≥ \(days) more days"
                        }
                        if let error = entry.collectionError { line += ", could not audit: \(InertText.escape(error))" }
                    }
                    try StandardOutput.print(line)
                }
            }
        }

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "One run's report, as audit printed it (text, json, jsonl or html), with each domain's changes since its run before.")

            @Argument(help: ArgumentHelp("The run's number (history list shows them; default: the newest run), then only these domains.",
                                         valueName: "run|domain"))
            var selection: [String] = []

            @OptionGroup var location: HistoryLocationOption
            @OptionGroup var configFile: ConfigOption
            @OptionGroup var output: OutputOptions
            @OptionGroup var factsDetail: AuditFactsDetailOption

            @Flag(name: .shortAndLong, help: "Text: show passing findings too, and a line per probed mail server.")
            var verbose = false

            func run() async throws {
                let history = try await location.openRequired()
                let runNumber = selection.first.flatMap { Int64($0) }
                let domains = runNumber == nil ? selection : Array(selection.dropFirst())
                let wanted = try domains.isEmpty ? nil : Set(domains.map { try DomainName($0).ascii })
                let record: RunRecord
                var reports: [DomainReport] = []
                var dropped: [String] = []
                var droppedSince: Int64?
                do {
                    let found: RunRecord?
                    if let runNumber {
                        found = try await history.run(runNumber)
                    } else {
                        // The newest complete run of at least one domain: one still going,
                        // killed, interrupted or whose report could not be written would show
                        // in part, and a run of no domains says nothing of any.
                        // For Prometheus and Nagios, a run with the probes off (an ad-hoc
                        // --no-smtp check) is passed over while the newest complete run probed
                        // the servers: its metrics would drop every certificate series and
                        // server problem, and their alerts would clear.
                        let recent = try await history.runs(limit: 50)
                        let complete = recent.filter { $0.status == .complete && $0.domains > 0 }
                        let probed = complete.first { $0.options["probes"] != "off" }
                        if output.format.isMonitoring, let newest = complete.first, newest.options["probes"] == "off", let probed {
                            Terminal.error("run \(newest.id) did not probe the servers (--no-smtp): the metrics come from run \(probed.id), the newest that did")
                            found = probed
                        } else {
                            found = complete.first ?? (output.format.isMonitoring ? nil : recent.first)
                        }
                    }
                    guard let found else {
                        await history.close()
                        if output.format.isMonitoring && runNumber == nil {
                            unknownToNagios("no complete run of any domain yet in the history")
                            throw UserError("history \(history.location.display): no complete run of any domain yet; "
                                            + "\(output.output.map { "\($0) is left as it is" } ?? "nothing is written") "
                                            + "(a monitoring output never replaces the domains' series with none)")
                        }
                        throw UserError(runNumber.map { "history \(history.location.display): no run \($0); history list shows the runs" }
                                        ?? "history \(history.location.display): no run recorded yet")
                    }
                    record = found
                    let run = found.id
                    // Domains the complete run before had and this one lacks: named, not silently gone.
                    // (Not between shards of one list: each is its own run with part of the domains.)
                    if wanted == nil, found.options["shard"] == nil,
                       let before = try await history.runs(limit: 100).first(where: { $0.id < run && $0.status == .complete && $0.domains > 0 }),
                       before.options["shard"] == nil {
                        let now = Set(try await history.domainNames(ofRun: run))
                        dropped = try await history.domainNames(ofRun: before.id).filter { !now.contains($0) }
                        droppedSince = before.id
                    }
                    for stored in try await history.domains(ofRun: run, only: wanted) {
                        var report = stored.report
                        if let previous = try await history.latest(domain: report.domain, before: run) {
                            report.changes = try await DomainDriftFromHistory.make(report, previous: previous, in: history)
                        }
                        if output.format == .html { report.timeline = try await TimelinePoint.of(report, in: history, before: run, thisRun: run) }
                        reports.append(report)
                    }
                } catch let error as HistoryError {
                    await history.close()
                    throw UserError(error.description)
                }
                await history.close()
                if output.format.isMonitoring && (record.status != .complete || reports.isEmpty) {
                    unknownToNagios("run \(record.id) is \(reports.isEmpty ? "of no domain" : "incomplete")")
                    throw UserError("history \(history.location.display): run \(record.id) is \(reports.isEmpty ? "of no domain" : "incomplete"); "
                                    + "\(output.output.map { "\($0) is left as it is" } ?? "nothing is written") "
                                    + "(a monitoring output never replaces the domains' series with part of them)")
                }
                for name in (wanted ?? []).subtracting(reports.map(\.domain)).sorted() {
                    Terminal.error("\(name) is not in run \(record.id) (history list \(name) shows its runs)")
                }
                // A run that did not finish says so at the top, with how far it got.
                let notes = record.status == .complete ? [] : ["run \(record.id) did not finish (stopped, or its report could not be written): it holds \(TextReport.count(reports.count, "domain")), not every domain of its list"]
                // The list's own problems as the run recorded them, with what history show adds.
                let recorded = record.input
                let input = dropped.isEmpty && notes.isEmpty && recorded == nil ? nil
                    : RunInput(errors: recorded?.errors ?? [], duplicates: recorded?.duplicates ?? [], dropped: dropped.isEmpty ? nil : dropped,
                               droppedSince: dropped.isEmpty ? nil : droppedSince, notes: notes.isEmpty ? nil : notes)
                let report = AuditReport(domains: reports, generatedAt: record.startedAt, profile: record.profile, input: input)
                let formatter = ISO8601DateFormatter()
                let seconds = record.durationMilliseconds.map { Double($0) / 1000 }
                    ?? record.finishedAt.flatMap(formatter.date).flatMap { end in formatter.date(from: record.startedAt).map { end.timeIntervalSince($0) } }
                try output.write(report, verbose: verbose, facts: factsDetail.detail, runSeconds: seconds)
                // A Nagios check of the history exits with the run's verdict (the plugin API: it
                // must not exit 0 under CRITICAL); the other formats write a file or a page and
                // exit 0 when it is written (an ExecStartPost writing metrics must not fail).
                let status = report.exitStatus()
                if output.format == .nagios, status != .ok { throw ExitCode(status.rawValue) }
            }

            /// A Nagios check on standard output with nothing to judge still prints its status
            /// line (UNKNOWN, with why): the plugin API wants one, or the monitoring system
            /// shows "no output". The one-line error on standard error and exit 3 follow.
            private func unknownToNagios(_ reason: String) {
                guard output.format == .nagios, output.output == nil else { return }
                try? StandardOutput.print(NagiosReport.unknown(reason))
            }
        }

        struct Prune: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Delete the runs older than a number of days, and what only they used.")

            @Option(name: .customLong("keep-days"), help: ArgumentHelp("Keep the runs of the last N days.", valueName: "n"))
            var keepDays: Int

            @Flag(name: .customLong("including-newest"), help: "Delete the newest complete run too, if it is old enough (kept otherwise: history show and the monitoring outputs read it).")
            var includingNewest = false

            @OptionGroup var location: HistoryLocationOption
            @OptionGroup var configFile: ConfigOption

            func validate() throws {
                guard keepDays >= 0 else { throw ValidationError("--keep-days \(keepDays): must be 0 or more") }
            }

            func run() async throws {
                let history = try await location.openRequired()
                let cutoff = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-Double(keepDays) * 86_400))
                let dayAgo = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-86_400))
                let pruned: RunHistory.PruneResult
                do {
                    pruned = try await history.prune(before: cutoff, keepingIncompleteSince: dayAgo, includingNewest: includingNewest)
                    await history.close()
                } catch {
                    await history.close()
                    throw UserError(error.description)
                }
                do {
                    try StandardOutput.print("pruned \(TextReport.count(pruned.runs, "run")) started before \(cutoff) (\(TextReport.count(pruned.domainRuns, "domain record")), \(TextReport.count(pruned.documents, "stored document")))")
                }
            }
        }
    }
}
