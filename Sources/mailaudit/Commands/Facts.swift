import ArgumentParser
import Collector
import DNSClient
import Foundation
import MailFacts
import Reports

extension MailAudit {
    struct Facts: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Collect a domain's facts and print them as JSON, without judging them.",
            discussion: """
                Every record set carries the outcome of its lookup (records, nodata, nxdomain, \
                servfail, refused, timeout, ...), so a failed lookup is never read as a missing record. \
                Exit code 3 when the domain is not a valid name or the resolver cannot be used.
                """
        )

        @Argument(help: "The domain to collect facts about, e.g. example.org.")
        var domain: String

        @OptionGroup var resolver: ResolverOptions
        @OptionGroup var records: RecordOptions
        @OptionGroup var probes: ProbeCLIOptions
        @OptionGroup var configFile: ConfigOption
        @OptionGroup var dnsbl: DNSBLCLIOptions
        @OptionGroup var goLive: GoLiveOptions

        @Option(name: .customLong("dkim-selector"), help: ArgumentHelp(
            "A DKIM selector to look up at <selector>._domainkey.<domain> (repeatable).", valueName: "selector"))
        var dkimSelectors: [String] = []

        @Option(name: [.short, .long], help: ArgumentHelp("Write the facts to this file instead of standard output.", valueName: "file"))
        var output: String?

        @Option(help: ArgumentHelp("json (the facts as data, for `check --facts`) or text (one line per fact: path = value).", valueName: "json|text"))
        var format: PrintFormatOptions.Format = .json

        func validate() throws {
            for selector in dkimSelectors {
                if let problem = DKIMSelectorSyntax.problem(selector) { throw ValidationError("--dkim-selector: \(problem)") }
            }
        }

        func run() async throws {
            let name: DomainName
            do { name = try DomainName(domain) } catch { throw UserError(error.description) }
            let configuration = try resolver.clientConfiguration()
            let client = StubResolver(configuration: configuration)
            let goLiveSource = try await goLive.prepare(name, base: client, timeout: resolver.timeout)
            let validator = goLiveSource == nil ? try resolver.validator(configuration) : nil
            defer { validator?.close() }
            let collector = DomainCollector(dns: goLiveSource?.lookup ?? client, options: CollectorOptions(
                dkimSelectors: dkimSelectors, deadline: resolver.deadline,
                resolverNames: configuration.servers.map(\.description),
                publicSuffixList: try records.publicSuffixList(), commonDKIMSelectors: !records.noCommonSelectors, nxdomainCut: !records.noNXDOMAINCut, probe: try probes.probeOptions(),
                validator: validator, dnsbl: try dnsbl.options(),
                nameServers: goLiveSource?.source.kind == .zoneFile ? nil : records.nameServerChecker(timeout: resolver.timeout, goLive: goLiveSource?.source.kind == .undelegated),
                source: goLiveSource?.source, rpki: try records.routeOriginData()))
            // --output is opened (as a temporary file beside it) before the first query.
            let destination = try OutputFile.Stream(output)
            let facts = await collector.collect(name)
            do {
                if let error = facts.collection.error {
                    throw UserError("\(name): \(CollectionAdviceText.join(error, facts.collection.failure.flatMap(CommandLineAdvice.collection)))")
                }
                let data = try JSONOutput.encode(facts)
                try destination.write(format == .json ? data : Data(FactsText.render(data).utf8))
                try destination.commit()
            } catch {
                destination.abandon()
                throw error
            }
        }
    }
}
