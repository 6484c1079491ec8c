import ArgumentParser
import Collector
import SMTPProbe

extension TLSScanDepth: ExpressibleByArgument {}

/// How mail servers and the MTA-STS policy host are probed (`audit`, `facts`).
struct ProbeCLIOptions: ParsableArguments {
    @Flag(name: .customLong("no-smtp"), help: "Do not connect to any server: no SMTP, submission or MTA-STS policy probes (DNS only).")
    var noSMTP = false

    @OptionGroup var trust: TLSTrustOptions
    @OptionGroup var ehlo: EHLONameOption

    @Flag(name: .customLong("tls-versions"), help: "Also try TLS 1.0, 1.1, 1.2 and 1.3 one at a time on every MX (four more handshakes each).")
    var tlsVersions = false

    @Option(name: .customLong("tls-scan"), help: ArgumentHelp("""
        What each server with TLS accepts: full (versions, every suite of each, the server's order, key-exchange groups, DH size; \
        tens of paced handshakes per server), versions (one handshake per version) or off.
        """, valueName: "depth"))
    var tlsScan: TLSScanDepth = .full

    @Flag(name: .customLong("relay-test"), help: """
        Also test every MX for open relaying: unauthenticated MAIL FROM and RCPT TO in the forms relay tests use, with reserved \
        domains only (RFC 2606), each followed by RSET; never DATA. Off unless asked: run it only on servers you may test.
        """)
    var relayTest = false

    @OptionGroup var timeout: SMTPTimeoutOption
    var smtpTimeout: Double { timeout.smtpTimeout }

    @Option(name: .customLong("connections-per-server"), help: ArgumentHelp(
        "Connections open at once to one server address (probes of a run share them).", valueName: "n"))
    var connectionsPerServer = 2

    @Option(name: .customLong("submission-host"), help: ArgumentHelp(
        "A submission server to probe on 587 (STARTTLS) and 465 (implicit TLS), besides the SRV records (repeatable).", valueName: "host"))
    var submissionHosts: [String] = []

    func validate() throws {
        if noSMTP { return }  // the probe options are not used
        guard connectionsPerServer >= 1 else { throw ValidationError("--connections-per-server \(connectionsPerServer): must be at least 1") }
    }

    /// The probe options, or nil with --no-smtp.
    func probeOptions() throws -> ProbeOptions? {
        if noSMTP { return nil }
        do {
            var options = try ProbeOptions(tls: trust.context(), ehloName: ehlo.ehloName, connectTimeout: min(10, smtpTimeout),
                                           greetingTimeout: min(20, smtpTimeout), commandTimeout: min(15, smtpTimeout), probeDeadline: smtpTimeout,
                                           tlsVersions: tlsVersions, submissionHosts: submissionHosts,
                                           scheduler: ProbeScheduler(perServer: connectionsPerServer))
            options.relayTest = relayTest
            options.scanDepth = tlsScan
            return options
        } catch let error as TLSSetupError {
            throw UserError("--ca-file: \(error.description)")
        }
    }
}
