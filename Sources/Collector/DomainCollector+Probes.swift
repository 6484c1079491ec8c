import DNSClient
import Foundation
import MailFacts
import MailRecords
import SMTPProbe

/// The probes of one domain: its MX endpoints on port 25, its submission servers, and its
/// MTA-STS policy. Every probe goes through the run's `ProbeScheduler`.
extension DomainCollector {
    func configuration(_ probe: ProbeOptions, serverName: String, mode: SMTPTLSMode, remaining: Double,
                       context: TLSClientContext? = nil, purpose: SMTPProbePurpose = .dialogue) -> SMTPProbeConfiguration {
        var configuration = SMTPProbeConfiguration(
            connectTimeout: probe.connectTimeout, greetingTimeout: probe.greetingTimeout,
            commandTimeout: probe.commandTimeout, deadline: max(1, min(probe.probeDeadline, remaining)),
            ehloName: probe.ehloName, tlsMode: mode, tls: context ?? probe.tls, serverName: serverName)
        configuration.purpose = purpose
        return configuration
    }

    /// The STARTTLS command-injection test of an endpoint whose dialogue saw STARTTLS offered
    /// (a connection of its own: a correct server may end a dialogue that pipelines after
    /// STARTTLS).
    func injection(_ address: String, port: UInt16, serverName: String, probe: ProbeOptions,
                   remaining: @escaping @Sendable () -> Double) async -> STARTTLSInjectionFact {
        let session = await check(.starttlsInjection, address, port: port, serverName: serverName, domain: nil, probe: probe, remaining: remaining)
        return session.injection ?? STARTTLSInjectionFact(status: .inconclusive, detail: session.failure?.description ?? "the test did not run")
    }

    /// A check of an endpoint on a connection of its own, through the run's scheduler (one per
    /// endpoint, and per domain for the checks that name it).
    func check(_ purpose: SMTPProbePurpose, _ address: String, port: UInt16, serverName: String, domain: String?, probe: ProbeOptions,
               remaining: @escaping @Sendable () -> Double) async -> SMTPSessionResult {
        // The mailbox check is made once per server and run, for the first domain that asks:
        // per domain it cost a connection with two to four refused commands each (a server
        // that delays refusals, as Postfix does by a second, made a probed bulk run over a
        // shared MX crawl). `mailboxes.domain` says which domain was asked; the rules do not
        // judge another domain by it.
        let keyDomain = purpose == .mailboxes ? nil : domain
        let key = ProbeScheduler.Key(address: address, port: port, mode: .starttls, serverName: serverName, purpose: purpose, domain: keyDomain)
        var configuration = configuration(probe, serverName: serverName, mode: .starttls, remaining: remaining(), purpose: purpose)
        configuration.domain = domain
        return await probe.scheduler.session(key, configuration: configuration, using: probe.prober).result
    }

    func collectSMTP(_ mx: MXFacts?, domain: String, probe: ProbeOptions, remaining: @escaping @Sendable () -> Double) async -> SMTPFacts {
        let targets: [(exchange: ExchangeFact, address: AddressFact)] = (mx?.exchanges ?? []).flatMap { exchange in
            exchange.addresses.map { (exchange, $0) }
        }
        guard !targets.isEmpty else { return SMTPFacts(status: .noEndpoints) }
        let endpoints: [SMTPEndpointFact] = await targets.concurrentMap { exchange, address in
            let key = ProbeScheduler.Key(address: address.ip, port: 25, mode: .starttls, serverName: exchange.name)
            let (session, reused) = await probe.scheduler.session(
                key, configuration: configuration(probe, serverName: exchange.name, mode: .starttls, remaining: remaining()), using: probe.prober)
            var fact = SMTPEndpointFactBuilder.fact(host: exchange.name, family: address.family, service: .mx,
                                                    session: session, reused: reused, tlsa: exchange.tlsa, context: probe.tls, now: options.clock())
            // The PTR names of the address, beside the name the server gives (nil: the lookup failed).
            fact.ptrNames = address.ptr.outcome.isFailure ? nil : address.ptrNames
            // A busy server gets no more connections in this run: each would be refused too.
            let busy = session.failure?.kind == .busy
            // Only where the dialogue got to EHLO: a server that refused it is judged on that.
            let reachedEHLO = session.ehlo != nil && !busy
            let offersSTARTTLS = session.ehlo?.has("STARTTLS") == true && !busy
            // The mailboxes and the injection test side by side (two connections: the
            // per-server limit); the relay test and the scan after them.
            async let mailboxes: SMTPSessionResult? = reachedEHLO
                ? await check(.mailboxes, address.ip, port: 25, serverName: exchange.name, domain: domain, probe: probe, remaining: remaining) : nil
            async let injected: STARTTLSInjectionFact? = offersSTARTTLS
                ? await injection(address.ip, port: 25, serverName: exchange.name, probe: probe, remaining: remaining) : nil
            if let found = await mailboxes {
                fact.mailboxes = found.mailboxes ?? SMTPMailboxesFact(domain: domain, status: .inconclusive,
                                                                      detail: found.failure?.description ?? "the check did not run")
            }
            fact.starttlsInjection = await injected
            if reachedEHLO, probe.relayTest {
                let relay = await check(.relay, address.ip, port: 25, serverName: exchange.name, domain: domain, probe: probe, remaining: remaining)
                fact.relay = relay.relay ?? SMTPRelayFact(status: .inconclusive, detail: relay.failure?.description ?? "the test did not run")
            }
            if offersSTARTTLS {
                if probe.scanDepth != .off, session.tls != nil, session.tls?.error == nil {
                    let scan = await scan(address.ip, port: 25, mode: .starttls, serverName: exchange.name, depth: probe.scanDepth,
                                          greetingSeconds: session.greetingSeconds, probe: probe, remaining: remaining)
                    fact.tlsScan = scan
                    fact.tlsVersions = Self.versionOutcomes(scan)
                } else if !probe.versionContexts.isEmpty {
                    fact.tlsVersions = await versions(address.ip, port: 25, mode: .starttls, serverName: exchange.name,
                                                      probe: probe, remaining: remaining)
                }
            }
            return fact
        }
        // An address this machine cannot route to was not probed: it is listed apart, so that
        // no rule judges the server by it (docs/architecture.md, "Probes and their manners").
        let notProbed = endpoints.filter { $0.failure?.kind == .noRoute }.map {
            SMTPNotProbedFact(host: $0.host, address: $0.address, family: $0.family, reason: $0.failure?.detail ?? "no route")
        }
        return SMTPFacts(status: .probed, endpoints: endpoints.filter { $0.failure?.kind != .noRoute }, notProbed: notProbed)
    }

    /// The scan's versions as the one-handshake-per-version facts read (`tlsVersions`).
    static func versionOutcomes(_ scan: TLSScanFact) -> [String: TLSVersionOutcome]? {
        scan.versions.isEmpty ? nil
            : Dictionary(uniqueKeysWithValues: scan.versions.map { ($0.version, $0.accepted ? TLSVersionOutcome.accepted : .rejected) })
    }

    /// One handshake per protocol version (`--tls-versions`).
    func versions(_ address: String, port: UInt16, mode: SMTPTLSMode, serverName: String, probe: ProbeOptions,
                  remaining: @escaping @Sendable () -> Double) async -> [String: TLSVersionOutcome] {
        let outcomes = await Array(probe.versionContexts).concurrentMap { version, context in
            let key = ProbeScheduler.Key(address: address, port: port, mode: mode, serverName: serverName, version: version)
            let (session, _) = await probe.scheduler.session(
                key, configuration: configuration(probe, serverName: serverName, mode: mode, remaining: remaining(), context: context),
                using: probe.prober)
            guard let tls = session.tls else { return (version.rawValue, TLSVersionOutcome.error) }
            return (version.rawValue, tls.error == nil ? .accepted : .rejected)
        }
        return Dictionary(uniqueKeysWithValues: outcomes)
    }

    // MARK: - Submission (RFC 6186, RFC 8314)

    func collectSubmission(_ domain: DomainName, probe: ProbeOptions, remaining: @escaping @Sendable () -> Double) async -> SubmissionFacts {
        async let starttls = srvSet(.submission, domain)
        async let implicit = srvSet(.submissions, domain)
        let sets = [await starttls, await implicit]
        var targets: [(host: String, port: UInt16, service: EndpointService)] = []
        // Each SRV set is capped on its own; the hosts the user named always count.
        for set in sets where !set.serviceDeclined {
            for record in set.records.sorted(by: { ($0.priority, -$0.weight) < ($1.priority, -$1.weight) })
                .prefix(CollectionLimits.submissionTargets) {
                targets.append((record.target, UInt16(clamping: record.port), set.service))
            }
        }
        for host in probe.submissionHosts {
            targets.append((host, 587, .submission))
            targets.append((host, 465, .submissions))
        }
        var seen = Set<String>()
        targets = targets.filter { seen.insert("\($0.host) \($0.port) \($0.service)").inserted }
        let endpoints = await targets.concurrentMap { host, port, service in
            let (a, aaaa) = await lookups(of: host)
            let addresses = addressList(a, aaaa)
            guard !addresses.isEmpty else {
                return [SMTPEndpointFact(host: host, address: "", family: .unspecified, port: Int(port), service: service,
                                         outcome: .noAddress, failure: SMTPFailureFact(step: .connect, kind: .noAddress,
                                                                                       detail: "\(host) has no address"))]
            }
            let mode: SMTPTLSMode = service == .submissions ? .implicit : .starttls
            var facts: [SMTPEndpointFact] = []
            for (ip, family) in addresses {
                let (session, reused) = await probe.scheduler.session(
                    ProbeScheduler.Key(address: ip, port: port, mode: mode, serverName: host),
                    configuration: configuration(probe, serverName: host, mode: mode, remaining: remaining()), using: probe.prober)
                var fact = SMTPEndpointFactBuilder.fact(host: host, family: family, service: service,
                                                        session: session, reused: reused, tlsa: nil, context: probe.tls, now: options.clock())
                if mode == .starttls, session.ehlo?.has("STARTTLS") == true, session.failure?.kind != .busy {
                    fact.starttlsInjection = await injection(ip, port: port, serverName: host, probe: probe, remaining: remaining)
                }
                if probe.scanDepth != .off, session.tls != nil, session.tls?.error == nil {
                    let scan = await scan(ip, port: port, mode: mode, serverName: host, depth: probe.scanDepth,
                                          greetingSeconds: session.greetingSeconds, probe: probe, remaining: remaining)
                    fact.tlsScan = scan
                    fact.tlsVersions = Self.versionOutcomes(scan)
                }
                facts.append(fact)
            }
            return facts
        }.flatMap { $0 }
        return SubmissionFacts(srv: sets, givenHosts: probe.submissionHosts, endpoints: endpoints)
    }

    private func srvSet(_ service: EndpointService, _ domain: DomainName) async -> SRVSetFact {
        let answer = await dns.query("_\(service.rawValue)._tcp.\(domain.absolute)", .SRV)
        let records = answer.records.compactMap { record -> SRVRecordFact? in
            guard case .srv(let priority, let weight, let port, let target) = record.data else { return nil }
            return SRVRecordFact(priority: Int(priority), weight: Int(weight), port: Int(port), target: LookupFact.display(target))
        }
        return SRVSetFact(service: service, lookup: LookupFact(answer), records: records,
                          serviceDeclined: records.count == 1 && records[0].target == ".")
    }

    /// The A and AAAA lookups of a host, through the run's resolver.
    func lookups(of host: String) async -> (DNSAnswer, DNSAnswer) {
        let absolute = DNSName.absolute(host)
        async let a = dns.query(absolute, .A)
        async let aaaa = dns.query(absolute, .AAAA)
        return (await a, await aaaa)
    }

    /// The addresses of A and AAAA answers, each with its family.
    /// A host's addresses, IPv4 first, at most `CollectionLimits.addressesPerHost`.
    func addressList(_ a: DNSAnswer, _ aaaa: DNSAnswer) -> [(String, AddressFamily)] {
        Array((a.records + aaaa.records).lazy.compactMap { record -> (String, AddressFamily)? in
            switch record.data {
            case .a(let ip): (ip, .ipv4)
            case .aaaa(let ip): (ip, .ipv6)
            default: nil
            }
        }.prefix(CollectionLimits.addressesPerHost))
    }

    // MARK: - MTA-STS policy (RFC 8461 §3.3)

    func collectPolicy(_ domain: DomainName, record: PolicyRecordFacts?, mx: MXFacts?, probe: ProbeOptions,
                       remaining: @escaping @Sendable () -> Double) async -> MTASTSPolicyFacts? {
        // Senders fetch the policy only when the TXT record says there is one (§3.1).
        guard let record, !record.records.isEmpty else { return nil }
        let host = "mta-sts." + domain.ascii
        let url = "https://\(host)/.well-known/mta-sts.txt"
        let (a, aaaa) = await lookups(of: host)
        let lookupFacts = [LookupFact(a), LookupFact(aaaa)]
        let addresses = addressList(a, aaaa).map(\.0)
        var facts = MTASTSPolicyFacts(url: url, host: host, lookups: lookupFacts, addresses: addresses,
                                      fetch: PolicyFetchFact(outcome: .notFetched))
        if addresses.isEmpty {
            let failed = lookupFacts.contains { $0.outcome.isFailure } && !lookupFacts.contains { $0.outcome == .records }
            facts.fetch = PolicyFetchFact(outcome: failed ? .lookupFailed : .noAddress,
                                          error: failed ? "the address lookups of \(host) failed" : "\(host) has no A or AAAA record")
            if failed {
                let outcomes = lookupFacts.map { "\($0.type) \($0.outcome.rawValue)" }.joined(separator: ", ")
                facts.probe = ProbeRunFact(outcome: .lookupFailed, detail: "the address lookups of \(host) failed (\(outcomes))")
            }
            return facts
        }
        // Hosted MTA-STS services serve many domains from one address: the fetch counts
        // against the same per-server limit as the SMTP probes.
        let budget = max(1, min(probe.probeDeadline, remaining()))
        let asked = Date()
        guard await probe.scheduler.acquireSlot(addresses[0], until: asked.addingTimeInterval(budget - 1)) else {
            facts.fetch = PolicyFetchFact(outcome: .deadlineExceeded, error: "no connection slot for \(addresses[0]) came free before the deadline")
            facts.probe = ProbeRunFact(outcome: .deadlineExceeded, detail: facts.fetch.error)
            return facts
        }
        let response = await probe.policyFetcher.fetch(host: host, addresses: addresses, caFile: probe.tls.caFile,
                                                 timeout: max(1, budget - Date().timeIntervalSince(asked)))
        await probe.scheduler.releaseSlot(addresses[0])
        facts.fetch = response.fact
        if let body = response.body {
            let policy = MTASTSPolicy(body)
            facts.policy = MTASTSPolicyFact(text: body, valid: policy.isValid, errors: policy.errors, version: policy.version,
                                            mode: policy.mode, maxAge: policy.maxAge, mx: policy.mx, unknownKeys: policy.unknownKeys)
            facts.mxCoverage = (mx?.exchanges ?? []).filter { !$0.implicit }.map {
                MTASTSCoverageFact(exchange: $0.name, covered: MTASTSPolicy.matches($0.name, patterns: policy.mx))
            }
        }
        return facts
    }
}
