import ArgumentParser
import DNSClient
import Foundation

/// How DNS is asked; shared by every command that looks things up.
struct ResolverOptions: ParsableArguments {
    @Option(name: .customLong("resolver"), help: ArgumentHelp(
        "A resolver to ask, IP[:PORT] or [IPv6]:PORT (repeatable; default: the nameservers in /etc/resolv.conf).",
        valueName: "ip[:port]"))
    var resolvers: [String] = []

    @Option(help: ArgumentHelp(
        "Seconds to wait for one DNS answer, per try (within it, a late answer is asked for again after the resolver's measured round trip).",
        valueName: "seconds"))
    var timeout: Double = 2

    @Option(help: ArgumentHelp("Further tries after a DNS timeout.", valueName: "n"))
    var retries: Int = 1

    @Option(help: ArgumentHelp("Seconds a domain may take in all; what is still open then is reported as deadline-exceeded.", valueName: "seconds"))
    var deadline: Double = 30

    @Option(help: ArgumentHelp(
        "At most this many DNS queries a second to the resolvers, over the whole run (be polite to a resolver you do not run).",
        valueName: "n"))
    var qps: Double?

    @Option(name: .customLong("dns-cache-mb"), help: ArgumentHelp(
        "Megabytes of DNS answers the run keeps for the domains that share names (mail hosts); the oldest go first.",
        valueName: "mb"))
    var dnsCacheMB: Double = 4

    @Option(name: .customLong("trust-anchor"), help: ArgumentHelp(
        "DS or DNSKEY records (zone-file form) that mailaudit's own DNSSEC validation starts from (default: $MAILAUDIT_TRUST_ANCHOR, else the root's, \(DNSSECValidator.rootTrustAnchor)).",
        valueName: "file"))
    var trustAnchor: String?

    @Flag(name: .customLong("no-dnssec-validation"), help: ArgumentHelp(
        "Do not validate DNSSEC; take the resolver's word (its AD bit), which is right only for a validating resolver reached over a trusted path."))
    var noDNSSECValidation = false

    func validate() throws {
        if noDNSSECValidation && trustAnchor != nil { throw ValidationError("--trust-anchor and --no-dnssec-validation exclude each other") }
        guard timeout > 0, timeout <= 60 else { throw ValidationError("--timeout \(timeout.formatted()): must be more than 0 and at most 60 seconds") }
        guard (0...10).contains(retries) else { throw ValidationError("--retries \(retries): must be from 0 to 10") }
        guard deadline > 0, deadline <= 86_400 else { throw ValidationError("--deadline \(deadline.formatted()): must be more than 0 and at most 86400 seconds") }
        guard dnsCacheMB >= 0, dnsCacheMB <= 4096 else { throw ValidationError("--dns-cache-mb \(dnsCacheMB.formatted()): must be from 0 to 4096") }
        if let qps, !(qps >= 1 && qps <= 1_000_000) {
            throw ValidationError("--qps \(qps.formatted()): must be from 1 to 1000000 queries a second")
        }
    }

    /// The servers to ask, from `--resolver` or else /etc/resolv.conf.
    func servers() throws -> [DNSServer] {
        if resolvers.isEmpty {
            let fromSystem = DNSServer.fromResolvConf()
            guard !fromSystem.isEmpty else {
                throw UserError("/etc/resolv.conf names no usable nameserver; name a resolver with --resolver IP[:PORT]")
            }
            return fromSystem
        }
        return try resolvers.map { text in
            do {
                return try DNSServer(parsing: text)
            } catch let error as DNSServerError {
                throw UserError("--resolver \(text): \(error.reason); give an IP address, optionally with :PORT")
            }
        }
    }

    /// mailaudit's own DNSSEC validator through the configuration's resolvers (on its `--qps`
    /// schedule, shared with the stub resolver, and within its `--timeout`): from `--trust-anchor`, else from
    /// the root's trust anchor when dns-root-data installed it (else none: the resolver's
    /// AD bit decides, as the facts' `dnssec.source` says).
    func validator(_ configuration: DNSClientConfiguration) throws -> DNSSECValidator? {
        if noDNSSECValidation { return nil }
        let fromEnvironment = ProcessInfo.processInfo.environment["MAILAUDIT_TRUST_ANCHOR"].flatMap { $0.isEmpty ? nil : $0 }
        guard let anchor = trustAnchor ?? fromEnvironment else {
            // The root's anchor when dns-root-data installed it. Should libunbound fail to set
            // up, the run goes on with the resolver's word, and says so once.
            guard FileManager.default.fileExists(atPath: DNSSECValidator.rootTrustAnchor) else { return nil }
            do {
                return try DNSSECValidator(configuration: configuration, trustAnchorFile: DNSSECValidator.rootTrustAnchor)
            } catch {
                Terminal.error("mailaudit: DNSSEC validation is off for this run (\(error.description)); the resolver's AD bit decides")
                return nil
            }
        }
        do {
            return try DNSSECValidator(configuration: configuration, trustAnchorFile: anchor, named: true)
        } catch {
            let option = trustAnchor != nil ? "--trust-anchor" : "MAILAUDIT_TRUST_ANCHOR"
            throw UserError("\(option): \(error.description); give DS or DNSKEY records in zone-file form (as unbound's trust-anchor-file), or --no-dnssec-validation")
        }
    }

    func clientConfiguration() throws -> DNSClientConfiguration {
        DNSClientConfiguration(servers: try servers(), timeout: timeout, retries: retries,
                               cacheCapacity: Int(dnsCacheMB * 1_048_576), queriesPerSecond: qps)
    }
}
