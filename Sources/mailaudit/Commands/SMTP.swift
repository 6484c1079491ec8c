import ArgumentParser
import Collector
import DNSClient
import Foundation
import MailFacts
import MailRecords
import Reports
import NetworkSupport
import RuleEngine
import SMTPProbe

extension MailAudit {
    struct SMTP: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "smtp",
            abstract: "Talk to one mail server as a sender would, and show the dialogue (like swaks).",
            discussion: """
                Connects to HOST (its first address, looked up through --resolver), reads the \
                greeting, sends EHLO, STARTTLS (or starts TLS at once on port 465), EHLO again, \
                and QUIT; prints the dialogue (-> and <- in plain text, ~> and <~ inside TLS), the \
                TLS session and the certificate. With --from/--to it runs a delivery test up to \
                RCPT (and DATA with --data); with --auth-user it authenticates, reading the \
                password from the environment variable --auth-password-env names. The password \
                never appears in any output: the AUTH line is shown redacted.
                What it saw is judged by the same SMTP rules as audit (STARTTLS offered, AUTH \
                only inside TLS, the certificate, TLS versions, DANE from the TLSA records of \
                _PORT._tcp.HOST): each verdict is printed under the dialogue.
                Exit codes, worst first in the monitoring-plugins order: 2 a step failed, a \
                verdict is fail (no STARTTLS on port 25, AUTH before TLS, an expired certificate, \
                a DANE mismatch) or a --require-tls/--verify requirement is not met; 1 a verdict \
                is warn; 3 bad input, HOST could not be resolved, or a verdict could not be \
                reached; 0 otherwise.
                """
        )

        @Argument(help: "The server: a host name or an IP address.")
        var host: String

        @Option(help: ArgumentHelp("The port: 25 (STARTTLS), 587 (submission, STARTTLS) or 465 (implicit TLS).", valueName: "port"))
        var port: UInt16 = 25

        @Option(name: .customLong("tls"), help: ArgumentHelp("How TLS starts: starttls, implicit or none (default: implicit on 465, else starttls).", valueName: "mode"))
        var tlsMode: SMTPTLSMode?

        @OptionGroup var ehlo: EHLONameOption

        @Option(help: ArgumentHelp("MAIL FROM address for a delivery test.", valueName: "address"))
        var from: String?

        @Option(help: ArgumentHelp("RCPT TO address for a delivery test (repeatable).", valueName: "address"))
        var to: [String] = []

        @Flag(help: "With --from/--to: also send DATA with a small test message (otherwise the test stops after RCPT).")
        var data = false

        @Option(name: .customLong("auth-user"), help: ArgumentHelp("Authenticate (AUTH PLAIN, or LOGIN) as this user.", valueName: "user"))
        var authUser: String?

        @Option(name: .customLong("auth-password-env"), help: ArgumentHelp(
            "The environment variable that holds the password (never give a password on the command line).", valueName: "variable"))
        var authPasswordEnv: String?

        @OptionGroup var trust: TLSTrustOptions

        @Option(name: .customLong("tls-version"), help: ArgumentHelp("Allow only this TLS version: TLSv1, TLSv1.1, TLSv1.2 or TLSv1.3.", valueName: "version"))
        var tlsVersion: TLSProtocolVersion?

        @OptionGroup var timeout: SMTPTimeoutOption

        @Flag(name: .customLong("require-tls"), help: "Exit 2 unless TLS was negotiated (as swaks --tls).")
        var requireTLS = false

        @Flag(help: "Exit 2 unless TLS was negotiated and the certificate chain verifies and names the host (as swaks --tls-verify).")
        var verify = false

        @OptionGroup var output: PrintFormatOptions

        @OptionGroup var resolver: ResolverOptions

        func validate() throws {
            guard from == nil || !to.isEmpty, to.isEmpty || from != nil else { throw ValidationError("a delivery test needs both --from and --to") }
            guard !data || from != nil else { throw ValidationError("--data needs --from and --to") }
        }

        func run() async throws {
            let mode = tlsMode ?? (port == 465 ? .implicit : .starttls)
            let credentials = try self.credentials()
            let context = try trust.context(version: tlsVersion)
            let dnsConfiguration = try resolver.clientConfiguration()
            let client = StubResolver(configuration: dnsConfiguration)
            let (address, serverName) = try await resolve(client)
            let smtpTimeout = timeout.smtpTimeout
            let configuration = SMTPProbeConfiguration(
                connectTimeout: min(10, smtpTimeout), greetingTimeout: min(20, smtpTimeout), commandTimeout: min(15, smtpTimeout),
                deadline: smtpTimeout, ehloName: ehlo.ehloName, tlsMode: mode, tls: mode == .none ? nil : context, serverName: serverName,
                credentials: credentials, transaction: from.map { SMTPTransaction(from: $0, to: to, sendData: data) })
            let session = await ThreadSMTPProber().session(address: address, port: port, configuration: configuration)
            // DANE needs the host's name: the TLSA records of _PORT._tcp.HOST (RFC 7672 §2.2).
            var tlsa: TLSASetFact?
            if let serverName, mode != .none {
                let validator = try resolver.validator(dnsConfiguration)
                tlsa = await DomainCollector.tlsaSet(host: serverName, port: Int(port), dns: client, validator: validator)
                validator?.close()
            }
            let service: EndpointService = port == 25 ? .mx : mode == .implicit ? .submissions : .submission
            var endpoint = SMTPEndpointFactBuilder.fact(host: serverName ?? host, family: address.contains(":") ? .ipv6 : .ipv4, service: service,
                                                        session: session, reused: false, tlsa: tlsa, context: context)
            // With --tls none TLS was not tried, by the user's choice: nothing about it is judged.
            if mode == .none { endpoint.tls = nil }
            var report = SMTPDialogueReport(session, host: host, serverName: serverName, context: context)
            report.verdicts = try verdicts(endpoint, seconds: session.seconds)
            let unmet = report.unmetRequirement(requireTLS: requireTLS || verify, verify: verify)
            report.required = unmet
            var status = ExitStatus(FindingSummary(report.verdicts), failOn: .warn)
            // A busy server (421, 4xx), or one this machine has no route to, failed nothing: its
            // rules could not judge, which is UNKNOWN.
            if (session.failure != nil && ![.busy, .noRoute].contains(session.failure?.kind)) || unmet != nil { status = max(status, .failures) }
            report.exitStatus = status.rawValue
            if output.isJSON {
                try StandardOutput.write(try JSONOutput.encode(report))
            } else {
                try StandardOutput.write(Data(report.text.utf8))
            }
            if status != .ok { throw ExitCode(status.rawValue) }
        }

        /// The endpoint judged by the rules of the SMTP area (rules/smtp.yaml), as `audit` judges
        /// it: the server's own findings, with no domain around it.
        private func verdicts(_ endpoint: SMTPEndpointFact, seconds: Double) throws -> [Finding] {
            let rules = try loadRules(nil).filter { $0.area == "smtp" }
            var facts = FactSet(domain: endpoint.host, collectedAt: ISO8601DateFormatter().string(from: Date()), resolvers: [],
                                collection: CollectionFact(complete: true, deadlineSeconds: timeout.smtpTimeout, deadlineExceeded: false, seconds: seconds))
            if endpoint.service == .mx {
                facts.smtp = SMTPFacts(status: .probed, endpoints: [endpoint])
            } else {
                facts.submission = SubmissionFacts(srv: [], givenHosts: [endpoint.host], endpoints: [endpoint])
            }
            let findings = RuleJudge(rules: rules).judge(try RuleSet.value(of: facts), subject: endpoint.host)
            return findings.filter { $0.outcome != .notApplicable || $0.notTested == true }
        }

        private func credentials() throws -> SMTPCredentials? {
            guard let authUser else {
                if authPasswordEnv != nil { throw UserError("--auth-password-env needs --auth-user") }
                return nil
            }
            guard let variable = authPasswordEnv else {
                throw UserError("--auth-user needs --auth-password-env VAR, the environment variable holding the password")
            }
            guard let password = ProcessInfo.processInfo.environment[variable], !password.isEmpty else {
                throw UserError("the environment variable \(variable) (--auth-password-env) is not set")
            }
            return SMTPCredentials(user: authUser, password: password)
        }

        /// HOST's first address through the named resolver (IPv4 first), and the name for SNI.
        private func resolve(_ client: StubResolver) async throws -> (String, String?) {
            if IPAddress(host) != nil { return (host, nil) }
            let name: DomainName
            do { name = try DomainName(host) } catch { throw UserError(error.description) }
            async let a = client.query(name.absolute, .A)
            async let aaaa = client.query(name.absolute, .AAAA)
            let answers = [await a, await aaaa]
            for answer in answers {
                for record in answer.records {
                    switch record.data {
                    case .a(let ip), .aaaa(let ip): return (ip, name.ascii)
                    default: continue
                    }
                }
            }
            let outcomes = answers.map { "\($0.outcome)\($0.detail.map { " (\($0))" } ?? "")" }.joined(separator: ", ")
            throw UserError("\(host) has no address (A: \(outcomes)); check the name or the resolver")
        }
    }
}
