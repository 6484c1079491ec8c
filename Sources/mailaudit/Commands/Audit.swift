import ArgumentParser
import Collector
import DNSClient
import Foundation
import MailFacts
import Reports
import RuleEngine

extension MailAudit {
    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Audit domains: collect their facts, judge them with the rules, report.",
            discussion: "Exit codes: 0 all passed, 1 warnings, 2 failures, 3 errors or could not audit (the worst domain decides).")

        @Argument(help: "The domains to audit.")
        var domains: [String] = []

        @Option(name: .customLong("domains-file"), help: ArgumentHelp("A file with one domain per line (# comments allowed).", valueName: "file"))
        var domainsFile: String?

        @Option(help: ArgumentHelp("Domains audited at once.", valueName: "n"))
        var concurrency: Int = 8

        @Option(name: .customLong("dkim-selector"), help: ArgumentHelp("A DKIM selector to look up (repeatable).", valueName: "selector"))
        var dkimSelectors: [String] = []

        @OptionGroup var resolver: ResolverOptions
        @OptionGroup var records: RecordOptions
        @OptionGroup var report: ReportOptions
        @OptionGroup var probes: ProbeCLIOptions

        func run() async throws {
            let (judge, profile) = try report.judge()
            do {
                var names = domains
                if let domainsFile {
                    guard let text = try? String(contentsOfFile: domainsFile, encoding: .utf8) else { throw UserError("cannot read \(domainsFile)") }
                    names += text.split(whereSeparator: \.isNewline).map { $0.split(separator: "#").first.map(String.init) ?? "" }
                        .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                }
                guard !names.isEmpty else { throw UserError("no domain given: name one or more, or use --domains-file") }
                var parsed: [DomainName] = []
                for name in names {
                    do { parsed.append(try DomainName(name)) } catch { throw UserError(error.description) }
                }
                guard concurrency >= 1 else { throw UserError("--concurrency must be at least 1") }
                let configuration = try resolver.clientConfiguration()
                let client = StubResolver(configuration: configuration)
                let collector = DomainCollector(dns: client, options: CollectorOptions(
                    dkimSelectors: dkimSelectors, deadline: resolver.deadline,
                    resolverNames: configuration.servers.map(\.description), publicSuffixList: try records.publicSuffixList(),
                    commonDKIMSelectors: !records.noCommonSelectors, probe: try probes.probeOptions()))
                let limit = concurrency
                // JSON Lines streams: each domain is written as soon as it is judged and then
                // dropped, so memory stays flat however many domains there are.
                let stream = report.format == .jsonl ? try report.openStream() : nil
                let failOnWarn = report.failOn == "warn"
                var worst: Int32 = 0
                // Bounded concurrency; other formats keep the order the domains were given in.
                let reports = try await withThrowingTaskGroup(of: (Int, DomainReport).self) { group in
                    var next = 0
                    var done: [(Int, DomainReport)] = []
                    func start() {
                        let index = next, name = parsed[index]
                        group.addTask {
                            let facts = await collector.collect(name)
                            let findings = facts.collection.error == nil
                                ? profile.waive(judge.judge((try? RuleSet.value(of: facts)) ?? .null, subject: facts.domain)) : []
                            return (index, DomainReport(facts: facts, findings: findings))
                        }
                        next += 1
                    }
                    while next < min(limit, parsed.count) { start() }
                    for try await item in group {
                        if let stream {
                            stream.write(try JSONOutput.encode(item.1, pretty: false))
                            worst = max(worst, item.1.summary.exitStatus(failOnWarn: failOnWarn))
                        } else {
                            done.append(item)
                        }
                        if next < parsed.count { start() }
                    }
                    return done.sorted { $0.0 < $1.0 }.map(\.1)
                }
                if let stream {
                    if report.output != nil { try? stream.close() }
                    if worst != 0 { throw ExitCode(worst) }
                    return
                }
                let result = AuditReport(domains: reports, generatedAt: ISO8601DateFormatter().string(from: Date()), profile: profile.name)
                try report.write(result)
                let status = result.exitStatus(failOnWarn: failOnWarn)
                if status != 0 { throw ExitCode(status) }
            } catch let error as UserError {
                Terminal.error(error.message)
                throw ExitCode(ExitStatus.couldNotAudit)
            }
        }
    }
}
