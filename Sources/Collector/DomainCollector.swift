import DNSClient
import Foundation
import MailFacts
import MailRecords
import NetworkSupport

/// Collects the DNS facts of one domain: which queries, in what order, how many at once,
/// within the domain's deadline. It judges nothing.
public struct DomainCollector: Sendable {
    public let dns: any DNSLookup
    public let options: CollectorOptions
    /// Where the MX hosts' DNSSEC status is asked: `dns`, except when a bogus domain is
    /// collected again with checking disabled (CD hides the AD bit, so a status read through it
    /// would be "not validated" for a name that is in fact bogus).
    let statusDNS: any DNSLookup

    public init(dns: any DNSLookup, options: CollectorOptions) {
        self.init(dns: dns, options: options, statusDNS: dns)
    }

    init(dns: any DNSLookup, options: CollectorOptions, statusDNS: any DNSLookup) {
        self.dns = dns
        self.options = options
        self.statusDNS = statusDNS
    }

    /// The facts of `domain`. Never throws: every failure is recorded in the facts, and
    /// `collection.error` says when the domain could not be audited at all.
    public func collect(_ domain: DomainName) async -> FactSet {
        await collect(CollectionTarget(domain))
    }

    /// The facts of a target: a domain with settings of its own (DKIM selectors from a
    /// domains file, added to the run's).
    public func collect(_ target: CollectionTarget) async -> FactSet {
        let domain = target.domain
        let selectors = Self.unique((options.dkimSelectors + target.dkimSelectors).map { $0.lowercased() })
        let started = options.clock()
        let begin = MonotonicClock.seconds()
        let deadline = options.deadline

        // When the deadline passes, cancelling the gathering makes every open lookup return
        // at once with `deadline-exceeded`, and the partial facts are still returned.
        var (facts, exceeded) = await withDeadline(seconds: deadline) { await gather(domain, selectors: selectors, started: started) }
        // A DNSSEC-bogus domain: validating resolvers refuse every answer, so the rules could
        // judge nothing else. Collect again with checking disabled (RFC 4035 §3.2.2) so that
        // everything else wrong with the domain is seen too, marked as not validated.
        let left = deadline - (MonotonicClock.seconds() - begin)
        if !exceeded, facts.collection.error == nil, facts.dnssec?.status == .bogus, left > 1 {
            let unvalidated = DomainCollector(dns: CheckingDisabledLookup(dns, below: domain.absolute), options: options, statusDNS: dns)
            let validated = facts.dnssec
            (facts, exceeded) = await withDeadline(seconds: left) { await unvalidated.gather(domain, selectors: selectors, started: started) }
            facts.dnssec = validated
            facts.collection.checkingDisabled = true
        }
        var result = facts
        result.approved = target.approved
        if let rpki = options.rpki { result.rpki = Self.rpkiFacts(rpki, facts: facts, now: options.clock()) }
        result.collection.deadlineExceeded = exceeded
        result.collection.complete = result.collection.complete && !exceeded
        result.collection.seconds = ((MonotonicClock.seconds() - begin) * 1000).rounded() / 1000
        return result
    }

    private func gather(_ domain: DomainName, selectors: [String], started: Date) async -> FactSet {
        var facts = FactSet(
            domain: domain.ascii,
            collectedAt: Self.timestamp(started),
            resolvers: options.resolverNames,
            collection: CollectionFact(complete: true, deadlineSeconds: options.deadline, deadlineExceeded: false, seconds: 0)
        )
        facts.source = options.source
        // The MX lookup goes first: when the resolver is silent, unreachable or refuses,
        // nothing else can succeed, and the audit stops here with a clear reason.
        let mxAnswer = await dns.query(domain.absolute, .MX)
        var problem = Self.resolverProblem(mxAnswer, domain: domain, resolvers: options.resolverNames, deadline: options.deadline)
        // A resolver still asking the domain's dead or silent name servers does not answer
        // in time either. When it answers a name it knows at once, the silence is the
        // domain's: the audit goes on and says which lookups timed out.
        if problem?.kind == .resolverTimeout, await resolverAnswers() { problem = nil }
        if let problem {
            facts.collection.complete = false
            facts.collection.error = problem.cause
            facts.collection.failure = problem.kind
            facts.mx = MXFacts(lookup: LookupFact(mxAnswer))
            return facts
        }

        async let dnssec = dns.dnssecStatus(of: domain.absolute, type: .MX)
        async let validation = options.validator?.validate(domain.absolute, .MX)
        async let txt = collectTXT(domain, selectors: selectors)
        async let mx = collectMX(domain, answer: mxAnswer)
        async let spf = collectSPF(domain)
        async let dmarc = DMARCDiscovery(resolver: DNSSPFResolver(dns: dns), publicSuffixList: options.publicSuffixList)
            .discover(domain.ascii)
        facts.dnssec = DNSSECFact(await dnssec, validation: await validation, now: options.clock())
        if let verdict = await validation, verdict.state == .bogus {
            facts.dnssec?.validation?.keys = await Self.keys(of: verdict, domain: domain.absolute, dns: dns)
        }
        facts.txt = await txt
        facts.mx = await mx
        facts.spf = await spf
        if let apex = facts.txt?.domain, apex.lookup.outcome == .records {
            facts.spf?.txtRRsetBytes = apex.records.reduce(0) { $0 + $1.length + $1.stringLengths.count }
            facts.spf?.recordStringLengths = apex.records.first(where: { SPFRecord.isSPF($0.text) })?.stringLengths
        }
        if let txt = facts.txt {
            facts.mtaSts = Self.policyRecord(.mtaSts, txt.mtaSts)
            facts.tlsRpt = Self.policyRecord(.tlsRpt, txt.tlsRpt)
            facts.bimi = Self.policyRecord(.bimi, txt.bimi)
        }
        // The DNS lists (opt-in) once the MX addresses are known, beside the rest.
        let dnsblChecker = options.dnsbl.flatMap { $0.isEmpty ? nil : DNSBLChecker(dns: dns, options: $0) }
        let exchanges = facts.mx
        async let dnsbl = dnsblChecker?.collect(domain, mx: exchanges)
        async let nameServers = collectNameServers(domain, mx: exchanges, domainExists: mxAnswer.outcome != .nxdomain)
        guard let probe = options.probe else {
            facts.dmarc = await dmarc
            facts.dkim = await collectDKIM(domain, selectors: selectors)
            facts.smtp = SMTPFacts(status: .skipped)
            facts.dnsbl = await dnsbl
            facts.nameServers = await nameServers
            return facts
        }
        // The probes start as soon as the MX hosts are known, beside the DKIM lookups; each
        // is bounded by what is left of the domain's deadline.
        let deadlineAt = started.addingTimeInterval(options.deadline)
        let remaining: @Sendable () -> Double = { deadlineAt.timeIntervalSinceNow - 0.5 }
        let (mxFacts, mtaStsRecord) = (facts.mx, facts.mtaSts)
        async let smtp = collectSMTP(mxFacts, domain: domain.ascii, probe: probe, remaining: remaining)
        async let submission = collectSubmission(domain, probe: probe, remaining: remaining)
        async let policy = collectPolicy(domain, record: mtaStsRecord, mx: mxFacts, probe: probe, remaining: remaining)
        facts.dmarc = await dmarc
        facts.dkim = await collectDKIM(domain, selectors: selectors)
        facts.smtp = await smtp
        facts.submission = await submission
        facts.mtaStsPolicy = await policy
        facts.dnsbl = await dnsbl
        facts.nameServers = await nameServers
        return facts
    }

    // MARK: - Route origins

    /// Every MX address and every address of the domain's and MX hosts' name servers,
    /// validated against the offline data (RFC 6811 §2), with its age.
    static func rpkiFacts(_ data: RouteOriginData, facts: FactSet, now: Date) -> RPKIFacts {
        func source(_ source: RouteOriginData.Source) -> RPKISourceFact {
            RPKISourceFact(file: source.path, generated: source.generated.map { ISO8601DateFormatter().string(from: $0) },
                           generatedFrom: source.generatedFrom,
                           ageHours: source.generated.map { ((now.timeIntervalSince($0) / 3600) * 10).rounded() / 10 }, entries: source.entries)
        }
        func fact(_ role: String, _ host: String, _ text: String, zone: String?) -> RPKIAddressFact? {
            guard let ip = IPAddress(text) else { return nil }
            let validation = data.validate(ip)
            return RPKIAddressFact(role: role, host: host, address: ip.description, zone: zone, route: validation.route?.description,
                                   origins: validation.origins.map(Int.init), state: validation.state, covering: validation.covering.map(\.description))
        }
        var addresses: [RPKIAddressFact] = []
        for exchange in facts.mx?.exchanges ?? [] {
            addresses += exchange.addresses.compactMap { fact("mx", exchange.name, $0.ip, zone: nil) }
        }
        for name in facts.nameServers?.names ?? [] {
            addresses += name.addresses.compactMap { fact("ns", name.name, $0, zone: name.zone) }
        }
        let origins = (facts.nameServers?.zones ?? []).map { zone in
            let here = addresses.filter { $0.role == "ns" && $0.zone == zone.zone }
            return RPKIZoneOriginsFact(zone: zone.zone, asns: Array(Set(here.flatMap(\.origins))).sorted(),
                                       unrouted: here.filter { $0.route == nil }.count)
        }
        return RPKIFacts(vrps: data.vrpSource.map(source), routes: source(data.routeSource), addresses: addresses, nameServerOrigins: origins)
    }

    // MARK: - Name servers

    /// The zones of the domain and of its MX hosts, each checked once per run
    /// (`NameServerChecker`), in that order; nil when the run checks none.
    private func collectNameServers(_ domain: DomainName, mx: MXFacts?, domainExists: Bool) async -> NameServerFacts? {
        guard let checker = options.nameServers, domainExists else { return nil }
        var wanted: [(zone: String, usedFor: String)] = []
        if let zone = await checker.apex(of: domain.ascii, dns: dns) { wanted.append((zone, domain.ascii)) }
        let hosts = (mx?.exchanges ?? []).map(\.name).filter { $0 != "." && !$0.isEmpty }
        let hostZones = await hosts.concurrentMap { host in (host, await checker.apex(of: host, dns: self.dns, host: true)) }
        for case let (host, zone?) in hostZones { wanted.append((zone, host)) }
        var order: [String] = []
        var usedFor: [String: [String]] = [:]
        for (zone, use) in wanted {
            if usedFor[zone] == nil { order.append(zone) }
            if usedFor[zone]?.contains(use) != true { usedFor[zone, default: []].append(use) }
        }
        let (dns, uses) = (self.dns, usedFor)
        let zones = await order.concurrentMap { zone in
            var check = await checker.zone(zone, dns: dns)
            check.zone.usedFor = uses[zone] ?? []
            return check
        }
        return NameServerFacts(zones)
    }

    /// Whether the resolver answers at all: the root's NS set is in every resolver's cache,
    /// and a resolver that serves only some zones refuses it at once. Any reply will do.
    private func resolverAnswers() async -> Bool {
        switch await dns.query(".", .NS).outcome {
        case .timeout, .networkError, .cancelled, .malformed: return false
        case .records, .nodata, .nxdomain, .servfail, .refused, .otherRcode, .invalidName: return true
        }
    }

    /// Why a domain cannot be audited through this resolver, or nil when it can: the cause
    /// only (what to do about it is the command line's to say).
    public static func resolverProblem(_ answer: DNSAnswer, domain: DomainName, resolvers: [String], deadline: Double) -> ResolverProblem? {
        let named = resolvers.isEmpty ? "the resolver" : "the resolver " + resolvers.joined(separator: ", ")
        let server = answer.server.map { "the resolver " + $0 } ?? named
        switch answer.outcome {
        case .timeout:
            return ResolverProblem(.resolverTimeout, "\(server) did not answer (\(answer.detail ?? "timeout"))")
        case .networkError:
            return ResolverProblem(.resolverUnreachable, "cannot reach \(server) (\(answer.detail ?? "network error"))")
        case .refused:
            return ResolverProblem(.resolverRefused, "\(server) refused to answer for \(domain) (REFUSED)")
        case .malformed:
            return ResolverProblem(.resolverMalformed, "\(server) sent an answer that is not a DNS message (\(answer.detail ?? ""))")
        case .invalidName:
            return ResolverProblem(.invalidName, "'\(domain)' cannot be asked for: \(answer.detail ?? "invalid name")")
        case .cancelled:
            return ResolverProblem(.deadlineExceeded, "\(named) did not answer within the deadline (\(deadline) s)")
        case .records, .nodata, .nxdomain, .servfail, .otherRcode:
            return nil
        }
    }

    // MARK: - SPF

    private func collectSPF(_ domain: DomainName) async -> SPFFacts {
        async let analysis = SPFAnalyzer(resolver: DNSSPFResolver(dns: dns)).analyze(domain.ascii)
        async let spfType = dns.query(domain.absolute, .SPF)
        var facts = await analysis
        facts.spfTypeLookup = LookupFact(await spfType)
        return facts
    }

    /// A one-record policy read from its already collected TXT set.
    static func policyRecord(_ kind: PolicyRecordReader.Kind, _ set: TXTSetFact) -> PolicyRecordFacts {
        let texts: [String]? = set.lookup.outcome.isFailure ? nil : set.records.map(\.text)
        return PolicyRecordReader.read(kind, name: set.name, texts: texts,
                                       failure: "\(set.lookup.outcome.rawValue): \(set.lookup.detail ?? "")")
    }

    // MARK: - DKIM

    /// The given selectors and the common ones (RFC 6376 §3.6.2.1). The given ones are asked
    /// at once; the common ones once `_domainkey.<domain>` has answered, and not at all when
    /// it is NXDOMAIN: then no name exists below it (RFC 8020 §2), and 37 queries are saved
    /// for most domains (the cut is recorded in the facts; `--no-nxdomain-cut` turns it off).
    private func collectDKIM(_ domain: DomainName, selectors given: [String]) async -> DKIMFacts {
        async let node = dns.query("_domainkey." + domain.absolute, .TXT)
        async let givenFacts = given.concurrentMap { await self.selectorFact(domain, $0, source: .given) }
        let nodeAnswer = await node
        // Only the name itself: NXDOMAIN at the end of a CNAME chain says nothing of the names
        // below _domainkey.
        let cut = options.commonDKIMSelectors && options.nxdomainCut && nodeAnswer.outcome == .nxdomain && nodeAnswer.cnameChain.isEmpty
        let common = options.commonDKIMSelectors && !cut ? DKIMSelectors.common.filter { !given.contains($0) } : []
        // Unless _domainkey is NXDOMAIN or failed: a made-up name below it tells an empty
        // non-terminal (keys under selectors not named) from a wildcard (RFC 4592), which
        // makes every name exist (internet.nl's users met false results from `*` records).
        async let wildcardAnswer: DNSAnswer? = [.nodata, .records].contains(nodeAnswer.outcome)
            ? dns.query("\(DKIMFacts.wildcardCheckLabel)._domainkey.\(domain.absolute)", .TXT) : nil
        let commonFacts = await common.concurrentMap { await self.selectorFact(domain, $0, source: .common) }
        let wildcard = await wildcardAnswer
        // What the wildcard gives every name: a common selector answered with exactly that is
        // the wildcard speaking, not a key published there (a named selector is still judged).
        let synthesized = wildcard.flatMap { $0.records.isEmpty ? nil : Set($0.records.compactMap(\.outsideText)) }
        // Common selectors that are simply absent, or answered only by the wildcard, are only counted.
        let reported = await givenFacts + commonFacts.filter { fact in
            if let synthesized, !fact.keys.isEmpty, Set(fact.keys.map(\.record)) == synthesized { return false }
            return !fact.keys.isEmpty || !fact.lookup.outcome.isAbsent
        }
        return DKIMFacts(domainKeyLookup: LookupFact(nodeAnswer), selectors: reported, commonSelectorsTried: common.count,
                         nxdomainCut: cut ? true : nil, wildcardLookup: wildcard.map(LookupFact.init))
    }

    private func selectorFact(_ domain: DomainName, _ selector: String, source: DKIMSelectorSource) async -> DKIMSelectorFact {
        let name = "\(selector)._domainkey.\(domain.absolute)"
        let answer = await dns.query(name, .TXT)
        let keys = answer.records.compactMap(\.outsideText).map(DKIMKeyFact.init)
        return DKIMSelectorFact(selector: selector, source: source, name: LookupFact.display(DNSName.absolute(name)),
                                lookup: LookupFact(answer), keys: keys)
    }

    // MARK: - TXT

    private func collectTXT(_ domain: DomainName, selectors: [String]) async -> TXTFacts {
        async let apex = txtSet(domain.absolute)
        async let dmarc = txtSet("_dmarc." + domain.absolute)
        async let mtaSts = txtSet("_mta-sts." + domain.absolute)
        async let tlsRpt = txtSet("_smtp._tls." + domain.absolute)
        async let bimi = txtSet("default._bimi." + domain.absolute)
        let dkim = await selectors.concurrentMap { selector in
            DKIMSelectorTXTFact(selector: selector, txt: await txtSet("\(selector)._domainkey.\(domain.absolute)"))
        }
        return TXTFacts(domain: await apex, dmarc: await dmarc, mtaSts: await mtaSts, tlsRpt: await tlsRpt, bimi: await bimi, dkim: dkim)
    }

    private func txtSet(_ name: String) async -> TXTSetFact {
        let answer = await dns.query(name, .TXT)
        let records = answer.records.compactMap { record -> TXTRecordFact? in
            guard case .txt(let strings) = record.data else { return nil }
            return TXTRecordFact(strings: strings)
        }
        return TXTSetFact(name: LookupFact.display(DNSName.absolute(name)), lookup: LookupFact(answer), records: records)
    }

    // MARK: - MX

    private func collectMX(_ domain: DomainName, answer: DNSAnswer) async -> MXFacts {
        var facts = MXFacts(lookup: LookupFact(answer))
        facts.records = answer.records.compactMap { record -> MXRecordFact? in
            guard case .mx(let preference, let exchange) = record.data else { return nil }
            return MXRecordFact(preference: Int(preference), exchange: LookupFact.display(exchange))
        }.sorted { ($0.preference, $0.exchange) < ($1.preference, $1.exchange) }
        facts.nullMX = facts.records.count == 1 && facts.records[0].exchange == "."

        var targets: [(name: String, preference: Int, implicit: Bool)] = []
        if answer.outcome == .records {
            var seen = Set<String>()
            for record in facts.records where record.exchange != "." && seen.insert(record.exchange).inserted
                && targets.count < CollectionLimits.exchanges {
                targets.append((record.exchange, record.preference, false))
            }
        } else if answer.outcome == .nodata {
            // RFC 5321 §5.1: without MX records, the domain's own address is the implicit MX.
            async let a = dns.query(domain.absolute, .A)
            async let aaaa = dns.query(domain.absolute, .AAAA)
            let lookups = [await a, await aaaa]
            facts.implicitLookups = lookups.map(LookupFact.init)
            if lookups.contains(where: { $0.outcome == .records }) {
                facts.implicitMX = true
                targets.append((domain.ascii, 0, true))
            }
        }

        facts.exchanges = await targets.concurrentMap { target in
            await exchange(target.name, preference: target.preference, implicit: target.implicit)
        }
        return facts
    }

    private func exchange(_ name: String, preference: Int, implicit: Bool) async -> ExchangeFact {
        let absolute = DNSName.absolute(name)
        async let a = dns.query(absolute, .A)
        async let aaaa = dns.query(absolute, .AAAA)
        // TLSA through `dns`: in a bogus domain collected again with CD the records are seen,
        // and mailaudit's own validation says they are bogus (asked without CD they would be a
        // failed lookup, a second finding for the one broken DS).
        async let tlsa = Self.tlsaSet(host: name, port: 25, dns: dns, validator: options.validator, now: options.clock())
        async let dnssec = statusDNS.dnssecStatus(of: absolute, type: .A)
        async let validation = options.validator?.validate(absolute, .A)
        async let caa = implicit ? nil : Self.caa(of: name, dns: dns)
        let (aAnswer, aaaaAnswer) = (await a, await aaaa)

        let chain = aAnswer.cnameChain.isEmpty ? aaaaAnswer.cnameChain : aAnswer.cnameChain
        let addresses = await addressList(aAnswer, aaaaAnswer).concurrentMap { ip, family in await address(ip, family: family) }

        let tlsaSet = await tlsa
        var fact = ExchangeFact(
            name: name, preference: preference, implicit: implicit,
            isCNAME: !chain.isEmpty, cnameChain: chain.map(LookupFact.display),
            a: LookupFact(aAnswer), aaaa: LookupFact(aaaaAnswer), addresses: addresses,
            dnssec: DNSSECFact(await dnssec, validation: await validation, now: options.clock()),
            tlsa: tlsaSet
        )
        fact.caa = await caa
        return fact
    }

    /// RFC 8659 §3: the CAA RRset of the name, else of its closest parent, up to the top-level
    /// domain. A failed lookup ends the walk (its outcome says so): a parent's records cannot
    /// stand for a name whose own answer is unknown.
    static func caa(of name: String, dns: any DNSLookup) async -> CAAFact {
        let labels = DNSName.absolute(name).split(separator: ".").map(String.init)
        var walk: [LookupFact] = []
        for start in labels.indices {
            let candidate = labels[start...].joined(separator: ".") + "."
            let answer = await dns.query(candidate, .CAA)
            let lookup = LookupFact(answer)
            walk.append(lookup)
            var fact = CAAFact(walk: walk, lookup: lookup)
            if lookup.outcome.isFailure { return fact }
            let records = answer.records.compactMap { record -> CAARecordFact? in
                guard case .caa(let flags, let tag, let value) = record.data else { return nil }
                return CAARecordFact(flags: Int(flags), tag: tag.lowercased(), value: value)
            }
            if !records.isEmpty {
                fact.foundAt = LookupFact.display(candidate)
                fact.records = records
                return fact
            }
            if start == labels.indices.last { return fact }
        }
        return CAAFact(walk: walk, lookup: LookupFact(name: name, type: "CAA", outcome: .invalidName))
    }

    /// The keys around a bogus verdict (`DNSSECKeysFact`): the zone is the validator's link
    /// ("key expired.test.", "DS bogus.test."), else the domain; DS and DNSKEY are asked with
    /// checking disabled, since a validating resolver answers SERVFAIL for bogus data.
    static func keys(of verdict: DNSSECValidation, domain: String, dns: any DNSLookup) async -> DNSSECKeysFact {
        let linked = verdict.link?.split(separator: " ").last.map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let zone = DNSName.absolute(linked ?? domain)
        async let dsAnswer = dns.query(zone, .DS, checkingDisabled: true)
        async let keyAnswer = dns.query(zone, .DNSKEY, checkingDisabled: true)
        let (ds, keys) = (await dsAnswer, await keyAnswer)
        let dsRecords = ds.records.compactMap { record -> DSRecordFact? in
            guard case .ds(let tag, let algorithm, let digestType, _) = record.data else { return nil }
            return DSRecordFact(keyTag: Int(tag), algorithm: Int(algorithm), digestType: Int(digestType))
        }
        let dnskeys = keys.records.compactMap { record -> DNSKEYRecordFact? in
            guard case .dnskey(let flags, _, let algorithm, _) = record.data, let tag = record.data.keyTag else { return nil }
            return DNSKEYRecordFact(keyTag: Int(tag), algorithm: Int(algorithm), flags: Int(flags))
        }
        var tags: [Int] = []
        for signature in verdict.signatures where !tags.contains(Int(signature.keyTag)) { tags.append(Int(signature.keyTag)) }
        return DNSSECKeysFact(zone: LookupFact.display(zone), ds: dsRecords, dnskeys: dnskeys, signatureKeyTags: tags,
                              dsLookup: LookupFact(ds), dnskeyLookup: LookupFact(keys))
    }

    /// The TLSA records of `_PORT._tcp.HOST` (RFC 7672 §2.2), with their DNSSEC status: DANE
    /// counts only DNSSEC-secure TLSA records, by mailaudit's own verdict when it has one,
    /// else the resolver's AD bit. Used for each MX and by `mailaudit smtp`.
    public static func tlsaSet(host: String, port: Int, dns: any DNSLookup, validator: (any DNSSECValidating)?, now: Date = Date()) async -> TLSASetFact {
        let name = "_\(port)._tcp." + DNSName.absolute(host)
        async let answer = dns.query(name, .TLSA)
        async let validation = validator?.validate(name, .TLSA)
        let tlsaAnswer = await answer
        let records = tlsaAnswer.records.compactMap { record -> TLSARecordFact? in
            guard case .tlsa(let usage, let selector, let matchingType, let data) = record.data else { return nil }
            return TLSARecordFact(usage: Int(usage), selector: Int(selector), matchingType: Int(matchingType),
                                  data: data.map { String(format: "%02x", $0) }.joined())
        }
        var set = TLSASetFact(name: "_\(port)._tcp." + host, lookup: LookupFact(tlsaAnswer), records: records)
        let verdict = await validation
        set.validation = verdict.map { DNSSECValidationFact($0, now: now) }
        set.dnssec = verdict.flatMap { $0.state == .indeterminate ? nil : DNSSECStatusValue($0.state) }
            ?? (tlsaAnswer.authenticData ? .secure : .insecure)
        return set
    }

    /// The PTR names of an address and whether one of them resolves back to it (FCrDNS).
    private func address(_ ip: String, family: AddressFamily) async -> AddressFact {
        guard let reverse = IPAddress(ip).map({ $0.reverseName + "." }) else {
            let lookup = LookupFact(name: ip, type: "PTR", outcome: .invalidName, detail: "not an IP address")
            return AddressFact(ip: ip, family: family, ptr: lookup, ptrNames: [], fcrdns: nil, forward: [])
        }
        let ptr = await dns.query(reverse, .PTR)
        let names = Self.unique(ptr.records.compactMap { record -> String? in
            guard case .ptr(let target) = record.data else { return nil }
            return target
        }).prefix(CollectionLimits.ptrNames).map { $0 }
        let forwardType: DNSType = family == .ipv6 ? .AAAA : .A
        let canonical = IPAddress.canonical(ip)
        let forward = await names.concurrentMap { name in
            let answer = await dns.query(name, forwardType)
            let found = answer.records.compactMap { record -> String? in
                switch record.data {
                case .a(let text), .aaaa(let text): return text
                default: return nil
                }
            }
            return ForwardConfirmationFact(name: LookupFact.display(name), lookup: LookupFact(answer),
                                           addresses: found, matches: found.map(IPAddress.canonical).contains(canonical))
        }
        let fcrdns: Bool?
        if forward.contains(where: \.matches) {
            fcrdns = true
        } else if ptr.outcome.isDefinite && forward.allSatisfy({ $0.lookup.outcome.isDefinite }) {
            fcrdns = false
        } else {
            fcrdns = nil
        }
        return AddressFact(ip: ip, family: family, ptr: LookupFact(ptr), ptrNames: names.map(LookupFact.display),
                           fcrdns: fcrdns, forward: forward)
    }

    // MARK: - Helpers

    private static func unique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }

    /// RFC 3339 in UTC, to the second (`2026-11-29T22:48:10Z`). Formatted by hand from the
    /// broken-down time: an `ISO8601DateFormatter` per domain cost 4% of a bulk run's CPU
    /// (ICU), and one shared formatter is not safe across the domains' tasks.
    static func timestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : String(value) }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
