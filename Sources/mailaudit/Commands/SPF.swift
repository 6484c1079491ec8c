import ArgumentParser
import Collector
import DNSClient
import Foundation
import MailFacts
import MailRecords
import Reports
import NetworkSupport

extension MailAudit {
    struct SPF: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "spf",
            abstract: "Evaluate a domain's SPF policy for a client address (RFC 7208 check_host()), with a trace.",
            discussion: """
                Prints each record, term and DNS lookup on the way to the result, with the count \
                against each limit (10 DNS-querying terms, 2 void lookups). The result is the \
                output, not the exit code: pass, fail, softfail, neutral, none, temperror and \
                permerror all exit 0 (read "result:" in text, or "result" with --format json); \
                exit 3 means the evaluation could not run (bad input, an unusable resolver).
                """
        )

        @Argument(help: "The domain whose policy to evaluate (the MAIL FROM domain).")
        var domain: String

        @Option(help: ArgumentHelp("The SMTP client's address.", valueName: "ip"))
        var ip: String

        @Option(help: ArgumentHelp("The MAIL FROM address (default: postmaster@DOMAIN).", valueName: "address"))
        var sender: String?

        @Option(help: ArgumentHelp("The HELO/EHLO name the client gave (default: DOMAIN).", valueName: "name"))
        var helo: String?

        @OptionGroup var output: PrintFormatOptions

        @OptionGroup var resolver: ResolverOptions

        func run() async throws {
            // RFC 7208 §4.3: a malformed or single-label domain (or a domain literal such as a
            // HELO of [192.0.2.1]) is not an error of the command but check_host()'s `none`.
            let name = try? DomainName(domain)
            guard let address = IPAddress(ip) else {
                throw UserError("--ip \(ip) is not an IPv4 or IPv6 address")
            }
            let senderAddress = sender ?? "postmaster@\(name?.ascii ?? domain)"
            if let name, let sender, let at = sender.lastIndex(of: "@"),
               DomainName.normalizedMatch(String(sender[sender.index(after: at)...]), name) == false {
                throw UserError("--sender \(sender) is not at \(name); check_host() evaluates the sender's domain")
            }
            let client = StubResolver(configuration: try resolver.clientConfiguration())
            if let name {
                // Refuse early when the resolver itself cannot be used (so that a silent
                // resolver is not reported as an SPF temperror). The domain's own TXT lookup
                // may time out while the resolver works: then the root, asked too, answers.
                var probe = await client.query(name.absolute, .TXT)
                if probe.outcome == .timeout {
                    let root = await client.query(".", .NS)
                    if root.outcome != .timeout && root.outcome != .networkError { probe = root }
                }
                if let problem = DomainCollector.resolverProblem(probe, domain: name, resolvers: try resolver.servers().map(\.description),
                                                                 deadline: resolver.deadline), probe.question.name != "." {
                    throw UserError("\(name): \(CollectionAdviceText.join(problem.cause, CommandLineAdvice.collection(problem.kind)))")
                }
            }
            let evaluator = SPFEvaluator(resolver: DNSSPFResolver(dns: client))
            let heloName = helo ?? name?.ascii ?? domain
            let deadline = resolver.deadline
            // The deadline bounds the whole evaluation: lookups still open then end as
            // failed ("cancelled"), which check_host() reports as temperror.
            let (result, _) = await withDeadline(seconds: deadline) {
                await evaluator.checkHost(ip: address, sender: senderAddress, helo: heloName)
            }
            if output.isJSON {
                try StandardOutput.write(try JSONOutput.encode(SPFReport(result, ip: address, sender: senderAddress, domain: name?.ascii ?? domain)))
            } else {
                try StandardOutput.print(Self.render(result, ip: address, sender: senderAddress, domain: name?.ascii ?? domain))
            }
        }

        static func render(_ result: SPFResult, ip: IPAddress, sender: String, domain: String) -> String {
            var lines = ["check_host(ip=\(ip), domain=\(domain), sender=\(sender))"]
            for step in result.trace {
                let indent = String(repeating: "  ", count: step.depth + 1)
                let marker = step.kind == .lookup ? "    dns: " : ""
                lines.append("\(indent)\(step.domain): \(marker)\(step.text)")
            }
            lines.append("result: \(result.code.rawValue): \(result.reason)")
            if let explanation = result.explanation { lines.append("explanation: \(explanation)") }
            lines.append("DNS-querying terms: \(result.dnsLookups)/\(SPFEvaluator.lookupLimit), void lookups: \(result.voidLookups)/\(SPFEvaluator.voidLookupLimit)")
            // Records and explanations come from DNS: inert on a terminal.
            return lines.map(InertText.escape).joined(separator: "\n")
        }
    }
}
