import ArgumentParser
import DNSClient
import Foundation
import MailFacts
import MailRecords
import Reports
import NetworkSupport
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
                Exit codes: 0 the dialogue went through, 2 the server failed a step (or refused \
                the credentials or a recipient), 3 bad input or HOST could not be resolved.
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
            let (address, serverName) = try await resolve()
            let smtpTimeout = timeout.smtpTimeout
            let configuration = SMTPProbeConfiguration(
                connectTimeout: min(10, smtpTimeout), greetingTimeout: min(20, smtpTimeout), commandTimeout: min(15, smtpTimeout),
                deadline: smtpTimeout, ehloName: ehlo.ehloName, tlsMode: mode, tls: mode == .none ? nil : context, serverName: serverName,
                credentials: credentials, transaction: from.map { SMTPTransaction(from: $0, to: to, sendData: data) })
            let session = await ThreadSMTPProber().session(address: address, port: port, configuration: configuration)
            let report = SMTPDialogueReport(session, host: host, serverName: serverName, context: context)
            let unmet = report.unmetRequirement(requireTLS: requireTLS || verify, verify: verify)
            if output.isJSON {
                try StandardOutput.write(try JSONOutput.encode(report))
            } else {
                try StandardOutput.write(Data((report.text + (unmet.map { "required:    \($0)\n" } ?? "")).utf8))
            }
            if session.failure != nil || unmet != nil { throw ExitCode(ExitStatus.failures.rawValue) }
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
        private func resolve() async throws -> (String, String?) {
            if IPAddress(host) != nil { return (host, nil) }
            let name: DomainName
            do { name = try DomainName(host) } catch { throw UserError(error.description) }
            let client = StubResolver(configuration: try resolver.clientConfiguration())
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
