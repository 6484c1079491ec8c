import ArgumentParser
import AuditPipeline
import Drift
import Foundation
import History
import MailFacts
import Reports

extension MailAudit {
    /// `mailaudit diff`: what changed between two runs of the history (docs/history.md).
    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What changed between two runs in the history: findings new, resolved or changed, and the facts that matter.",
            discussion: "Exit codes: 0 nothing changed, 1 something changed, 3 the history could not be read or a run does not exist.")

        @Argument(help: "The domains to compare (default: every domain of the later run).")
        var domains: [String] = []

        @Option(help: ArgumentHelp("The earlier side: a run number, or a date (YYYY-MM-DD or RFC 3339: each domain's last record at or before it). Default: each domain's run before the later one.", valueName: "run|date"))
        var from: String?

        @Option(help: ArgumentHelp("The later run (default: the newest).", valueName: "run"))
        var to: Int64?

        @OptionGroup var location: HistoryLocationOption

        enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, html }
        @Option(help: ArgumentHelp("Output format: text, json or html.", valueName: "text|json|html"))
        var format: Format = .text

        @Option(name: [.short, .long], help: ArgumentHelp("Write the result to this file.", valueName: "file"))
        var output: String?

        func run() async throws {
            let history = try await location.openRequired()
            let result: DiffResult
            do {
                result = try await compare(history)
            } catch {
                await history.close()
                if let error = error as? HistoryError { throw UserError(error.description) }
                throw error
            }
            await history.close()
            let data: Data
            switch format {
            case .text: data = Data(result.text().utf8)
            case .json: data = try JSONOutput.encode(result)
            case .html: data = Data(HTMLReport.changesPage(result.drifts, title: "mailaudit changes up to run \(result.to)", notes: result.notes).utf8)
            }
            try OutputFile.writeOrPrint(data, to: output)
            // Facts only not seen in one run (--no-smtp) are listed, but are no change.
            if result.drifts.contains(where: \.hasChanges) { throw ExitCode(1) }
        }

        struct DiffResult: Encodable {
            var schemaVersion = 1
            var tool = ToolInfo()
            var to: Int64
            var drifts: [DomainDrift]
            /// Domains that could not be compared, and why.
            var notes: [String]

            func text() -> String {
                var lines: [String] = []
                for drift in drifts {
                    lines.append("\(InertText.escape(drift.domain)) (run \(to)):")
                    lines += ChangesText.lines(drift)
                }
                lines += notes.map(InertText.escape)
                if drifts.count > 1 {
                    let changed = drifts.filter(\.hasChanges).count
                    lines.append("\(TextReport.count(drifts.count, "domain")) compared, \(changed) changed")
                }
                return lines.joined(separator: "\n") + "\n"
            }
        }

        private func compare(_ history: RunHistory) async throws -> DiffResult {
            let place = history.location.display
            let found: RunRecord?
            if let to { found = try await history.run(to) } else { found = try await history.runs(limit: 1).first }
            guard let later = found else {
                throw UserError(to.map { "history \(place): no run \($0); history list shows the runs" } ?? "history \(place): no run recorded yet")
            }
            let wanted = try domains.isEmpty ? nil : Set(domains.map { try DomainName($0).ascii })
            let laterRecords = try await history.domains(ofRun: later.id, only: wanted)
            var notes: [String] = []
            if let wanted {
                for name in wanted.subtracting(laterRecords.map { (record: StoredDomainRun) in record.summary.domain }).sorted() { notes.append("\(name): not audited in run \(later.id)") }
            }
            let fromRun = from.flatMap { Int64($0) }
            let fromTime = try from.flatMap { text -> String? in Int64(text) == nil ? try Self.time(text) : nil }
            if let fromRun, try await history.run(fromRun) == nil {
                throw UserError("history \(place): no run \(fromRun); history list shows the runs")
            }
            if let fromRun, fromRun >= later.id {
                throw UserError("--from \(fromRun) is not before --to \(later.id): give the earlier run first")
            }
            // Domains the earlier run had and the later one lacks: named, not silently gone
            // (not between shards of one list, each its own run).
            if wanted == nil, later.options["shard"] == nil {
                let earlierRun: RunRecord?
                if let fromRun { earlierRun = try await history.run(fromRun) } else {
                    earlierRun = try await history.runs(limit: 100).first { $0.id < later.id && $0.status == .complete && $0.domains > 0 }
                }
                if let earlierRun, earlierRun.options["shard"] == nil {
                    let now = Set(laterRecords.map { (record: StoredDomainRun) in record.summary.domain })
                    for name in try await history.domainNames(ofRun: earlierRun.id) where !now.contains(name) {
                        notes.append("\(name): in run \(earlierRun.id), not in run \(later.id) (taken off the list?)")
                    }
                }
            }
            var drifts: [DomainDrift] = []
            for record in laterRecords {
                let domain = record.summary.domain
                let earlier: StoredDomainRun?
                if let fromRun {
                    earlier = try await history.domains(ofRun: fromRun, only: [domain]).first
                } else if let fromTime {
                    earlier = try await history.latest(domain: domain, atOrBefore: fromTime, before: later.id)
                } else {
                    earlier = try await history.latest(domain: domain, before: later.id)
                }
                guard let earlier else {
                    notes.append("\(domain): nothing earlier to compare with\(from.map { " (\($0))" } ?? "")")
                    continue
                }
                drifts.append(try await DomainDriftFromHistory.make(record.report, previous: earlier, in: history, source: "run \(later.id)"))
            }
            return DiffResult(to: later.id, drifts: drifts, notes: notes)
        }

        /// YYYY-MM-DD (the end of that day, UTC) or an RFC 3339 time, as the history stores times.
        static func time(_ text: String) throws -> String {
            if text.count == 10, ISO8601DateFormatter.date(text) != nil { return text + "T23:59:59Z" }
            guard let date = ISO8601DateFormatter().date(from: text) else {
                throw UserError("--from \(text): not a run number, a date (YYYY-MM-DD) or an RFC 3339 time")
            }
            return ISO8601DateFormatter().string(from: date)
        }
    }
}

extension ISO8601DateFormatter {
    /// A bare date (YYYY-MM-DD), or nil.
    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.date(from: text)
    }
}
