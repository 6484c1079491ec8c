import ArgumentParser
import Foundation
import MailFacts
import Reports

extension MailAudit {
    /// Reports again from what audits wrote: the JSON Lines of several shards (`audit --shard
    /// K/N --format jsonl`) merged into one report, in any format, without a network.
    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge audits' JSON Lines (or JSON reports) into one report in any format, without a network.",
            discussion: """
                Reads the files `audit --format jsonl` (or --format json) wrote, for example the shares of \
                `audit --shard K/N`, and writes one report. A domain found in more than one file is \
                reported once, from the file named last. Compact records (the JSON Lines default) list \
                only the findings that did not pass; their rules' titles and references are put back \
                from the rules. Exit codes as for audit: the worst domain decides.
                """)

        @Argument(help: ArgumentHelp("JSON Lines files from `audit --format jsonl` (or JSON reports); - for standard input.", valueName: "file"))
        var files: [String]

        @Option(name: .customLong("domains-file"), help: ArgumentHelp(
            "List the domains in this file's order (the list the shards were cut from); domains not in it come last.",
            valueName: "file"))
        var domainsFile: String?

        @OptionGroup var output: OutputOptions
        @OptionGroup var factsDetail: CheckFactsDetailOption
        @OptionGroup var judging: JudgeOptions

        func validate() throws {
            guard !files.isEmpty else { throw ValidationError("name one or more files written by `audit --format jsonl`") }
        }

        func run() async throws {
            let auditor = try judging.auditor()
            var byDomain: [String: DomainReport] = [:]
            var order: [String] = []
            var profiles = Set<String>()
            var earliest: String?
            var sources: [String: String] = [:]
            for file in files {
                let records = try Self.read(file)
                for record in records {
                    var report = record.report
                    if report.compactFindings { report.findings = report.findings.map(auditor.judge.completing) }
                    if let previous = sources[report.domain] {
                        Terminal.error("\(InertText.escape(report.domain)) is in \(previous) and \(file): the record in \(file) is used")
                    } else {
                        order.append(report.domain)
                    }
                    sources[report.domain] = file
                    byDomain[report.domain] = report
                    if let profile = record.profile { profiles.insert(profile) }
                    if let at = record.generatedAt, earliest.map({ at < $0 }) ?? true { earliest = at }
                }
            }
            var input: RunInput?
            if let domainsFile {
                let contents = try DomainsFile.read(domainsFile)
                let listed = contents.targets.map(\.domain.ascii)
                // The list's own problems, as the run that audited it reported them (a JSON
                // Lines record is one domain's: the run's header is not in it), and the
                // domains of the list that no file has.
                let missing = listed.filter { byDomain[$0] == nil }
                let notes = missing.isEmpty ? nil : ["\(TextReport.count(missing.count, "domain")) of \(domainsFile) \(missing.count == 1 ? "is" : "are") in none of the files: "
                                                     + missing.prefix(20).joined(separator: ", ") + (missing.count > 20 ? ", …" : "")]
                if !contents.errors.isEmpty || !contents.duplicates.isEmpty || notes != nil {
                    input = RunInput(errors: contents.errors, duplicates: contents.duplicates, notes: notes)
                }
                let position = Dictionary(listed.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
                order = order.enumerated().sorted { a, b in
                    (position[a.element] ?? Int.max, a.offset) < (position[b.element] ?? Int.max, b.offset)
                }.map(\.element)
            }
            if profiles.count > 1 {
                Terminal.error("the files come from runs under different profiles (\(profiles.sorted().joined(separator: ", "))); they are reported as they were judged")
            }
            let report = AuditReport(domains: order.compactMap { byDomain[$0] },
                                     generatedAt: earliest ?? ISO8601DateFormatter().string(from: Date()),
                                     profile: profiles.count == 1 ? profiles.first! : (profiles.isEmpty ? auditor.profile.name : "mixed"),
                                     failOn: judging.failOn, input: input)
            try output.write(report, verbose: judging.verbose, facts: factsDetail.detail, failOn: judging.failOn,
                             runSeconds: Self.span(of: report.domains, from: earliest), rules: auditor.judge.rules)
            let status = report.exitStatus(failOn: judging.failOn)
            if status != .ok { throw ExitCode(status.rawValue) }
        }

        /// How long the runs of the records took: from the earliest run's start to the end of
        /// the last domain's collection (never "until now": the records may be days old).
        static func span(of domains: [DomainReport], from start: String?) -> Double {
            let formatter = ISO8601DateFormatter()
            guard let start = start.flatMap(formatter.date) else { return 0 }
            let ends = domains.compactMap { domain in formatter.date(from: domain.facts.collectedAt).map { $0.addingTimeInterval(domain.facts.collection.seconds) } }
            return max(0, (ends.max() ?? start).timeIntervalSince(start))
        }

        /// One domain's record with the run it came from.
        struct Record {
            var report: DomainReport
            var profile: String?
            var generatedAt: String?
        }

        private struct Context: Decodable {
            var profile: String?
            var generatedAt: String?
        }

        private struct Document: Decodable {
            var profile: String
            var generatedAt: String
            var domains: [DomainReport]
        }

        /// The records of a JSON Lines file, or of a JSON report; a line that is not a record
        /// is one message naming the file and line.
        static func read(_ file: String) throws -> [Record] {
            let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try InputFile.read(file)
            let decoder = JSONDecoder()
            let firstLine = data.split(separator: 0x0a).first { $0.contains { $0 != 0x20 && $0 != 0x0d && $0 != 0x09 } } ?? Data()
            if (try? JSONSerialization.jsonObject(with: Data(firstLine))) == nil, data.first(where: { $0 != 0x20 && $0 != 0x0a }) == UInt8(ascii: "{") {
                // Not one object per line: a JSON report (`audit --format json`).
                do {
                    let document = try decoder.decode(Document.self, from: data)
                    return document.domains.map { Record(report: $0, profile: document.profile, generatedAt: document.generatedAt) }
                } catch {
                    throw UserError("\(file) is not a report from `mailaudit audit --format json` or jsonl: \(DecodingProblem.describe(error))")
                }
            }
            var records: [Record] = []
            for (index, line) in data.split(separator: 0x0a, omittingEmptySubsequences: false).enumerated() {
                guard line.contains(where: { $0 != 0x20 && $0 != 0x0d && $0 != 0x09 }) else { continue }
                do {
                    let report = try decoder.decode(DomainReport.self, from: Data(line))
                    let context = try? decoder.decode(Context.self, from: Data(line))
                    records.append(Record(report: report, profile: context?.profile, generatedAt: context?.generatedAt))
                } catch {
                    throw UserError("\(file):\(index + 1): not a record from `mailaudit audit --format jsonl`: \(DecodingProblem.describe(error))")
                }
            }
            return records
        }
    }
}
