import DNSClient
import LabSupport
import MailFacts
import MailRecords
import RuleEngine
import Testing
@testable import Collector

/// The facts of every lab zone, collected through the real validating resolver.
@Suite("Collector against the lab")
struct CollectorLabTests {
    private func collect(_ domain: String, selectors: [String] = [], deadline: Double = 20) async throws -> FactSet {
        try await Lab.start()
        let dns = StubResolver(configuration: DNSClientConfiguration(servers: [try DNSServer(address: Lab.resolver)], timeout: 2))
        let collector = DomainCollector(dns: dns, options: CollectorOptions(dkimSelectors: selectors, deadline: deadline,
                                                                           resolverNames: [Lab.resolver]))
        return await collector.collect(try DomainName(domain))
    }

    @Test("good.test: signed, two exchanges with addresses, FCrDNS, TLSA, and every TXT set", .tags(.lab))
    func good() async throws {
        let facts = try await collect("good.test", selectors: ["sel2048", "Sel1024", "revoked", "missing"])
        #expect(facts.collection.complete && facts.collection.error == nil)
        #expect(facts.dnssec?.status == .secure)
        let mx = try #require(facts.mx)
        #expect(mx.lookup.outcome == .records && !mx.nullMX && !mx.implicitMX)
        #expect(mx.records == [MXRecordFact(preference: 10, exchange: "mx1.good.test"), MXRecordFact(preference: 20, exchange: "mx2.good.test")])
        // #require: the exchanges are indexed below (a missing one must fail, not crash the run).
        try #require(mx.exchanges.map(\.name) == ["mx1.good.test", "mx2.good.test"])
        let mx1 = mx.exchanges[0]
        #expect(!mx1.isCNAME && mx1.dnssec.status == .secure)
        #expect(mx1.addresses.map(\.ip) == ["\(Lab.net).25"] + (Lab.hasIPv6Loopback ? ["::1"] : []))
        #expect(mx1.addresses.map(\.family) == [.ipv4, .ipv6])
        #expect(mx1.addresses.allSatisfy { $0.fcrdns == true && $0.ptrNames == ["mx1.good.test"] })
        #expect(mx1.tlsa.lookup.outcome == .records && mx1.tlsa.records.map(\.usage).sorted() == [2, 3] && mx1.tlsa.records.allSatisfy { $0.data.count == 64 })
        // CAA: none at mx1.good.test, found at good.test by the tree walk (RFC 8659 §3).
        #expect(mx1.caa?.walk.map(\.name) == ["mx1.good.test", "good.test"] && mx1.caa?.foundAt == "good.test", "\(String(describing: mx1.caa))")
        #expect(mx1.caa?.records.contains(CAARecordFact(flags: 0, tag: "issue", value: "lab.mailaudit.test")) == true)
        let txt = try #require(facts.txt)
        #expect(txt.domain.records.map(\.text) == ["v=spf1 mx -all"])
        #expect(txt.dmarc.records.first?.text.hasPrefix("v=DMARC1; p=reject") == true)
        #expect(txt.mtaSts.records.first?.text == "v=STSv1; id=20261129T000000")
        #expect(txt.tlsRpt.records.first?.text == "v=TLSRPTv1; rua=mailto:tlsrpt@good.test")
        #expect(txt.bimi.records.first?.text.hasPrefix("v=BIMI1;") == true)
        #expect(txt.dkim.map(\.selector) == ["sel2048", "sel1024", "revoked", "missing"])
        let key = try #require(txt.dkim[0].txt.records.first)
        #expect(key.strings.count == 2 && key.stringLengths[0] == 218, "the 2048-bit key is split over two strings")
        #expect(key.text.hasPrefix("v=DKIM1; k=rsa; p=MIIBIjAN") && !key.text.contains("\" \""))
        #expect(txt.dkim[2].txt.records.first?.text == "v=DKIM1; k=rsa; p=")
        #expect(txt.dkim[3].txt.lookup.outcome == .nxdomain)
    }

    @Test("SPF facts: the tree and its counts, kept when the policy is invalid or over a limit", .tags(.lab))
    func spfFacts() async throws {
        let good = try #require(try await collect("good.test").spf)
        #expect(good.status == .valid && good.dnsLookups == 1 && good.effectiveAll == "-all")
        #expect(good.spfTypeLookup?.outcome == .nodata, "no deprecated SPF RR type record")
        #expect(good.recordStringLengths == [14] && good.txtRRsetBytes == 15)
        let big = try #require(try await collect("big.test").spf)
        #expect(big.txtRRsetBytes! > 512, "the TXT answer at big.test is too large for 512 bytes")
        let toomany = try #require(try await collect("toomany.spf.test").spf)
        #expect(toomany.status == .invalid && toomany.lookupLimitExceeded && toomany.dnsLookups == 11)
        #expect(toomany.tree?.children.count == 11)
        let multiple = try #require(try await collect("unsigned.test").spf)
        #expect(multiple.status == .multipleRecords && multiple.records.count == 2)
        let none = try #require(try await collect("nomx.test").spf)
        #expect(none.status == .none)
        let failed = try #require(try await collect("lame.test").spf)
        #expect(failed.status == .lookupFailed, "a failed lookup is not 'no SPF record'")
    }

    @Test("the fact schema that rule files are checked against has every path real facts have", .tags(.lab))
    func factSchema() async throws {
        let schema = FactPaths.facts.paths
        for domain in ["good.test", "unsigned.test", "dmarc.test", "nested.spf.test"] {
            let facts = try await collect(domain, selectors: ["sel2048"])
            let missing = FactPaths.paths(of: try RuleSet.value(of: facts)).subtracting(schema)
            #expect(missing.isEmpty, "\(domain): FactSchema.sample lacks \(missing.sorted())")
        }
    }

    @Test("unsigned.test: insecure, PTR not forward-confirmed, an address without PTR, several TXT", .tags(.lab))
    func unsigned() async throws {
        let facts = try await collect("unsigned.test")
        #expect(facts.dnssec?.status == .insecure)
        let exchange = try #require(facts.mx?.exchanges.first)
        #expect(exchange.dnssec.status == .insecure)
        let byIP = Dictionary(uniqueKeysWithValues: exchange.addresses.map { ($0.ip, $0) })
        let named = try #require(byIP["\(Lab.net).27"])
        #expect(named.ptrNames == ["other-name.unsigned.test"] && named.fcrdns == false)
        #expect(named.forward.first?.lookup.outcome == .nxdomain)
        let unnamed = try #require(byIP["\(Lab.net).29"])
        #expect(unnamed.ptr.outcome == .nxdomain && unnamed.ptrNames.isEmpty && unnamed.fcrdns == false)
        #expect(facts.txt?.domain.records.count == 3)
        #expect(exchange.tlsa.records.count == 1, "a TLSA record in an unsigned zone is collected as published")
    }

    @Test("nomx.test: no MX but an address, so an implicit MX (RFC 5321 §5.1)", .tags(.lab))
    func implicitMX() async throws {
        let mx = try #require(try await collect("nomx.test").mx)
        #expect(mx.lookup.outcome == .nodata && mx.implicitMX)
        #expect(mx.implicitLookups.map(\.outcome) == [.records, .nodata])
        #expect(mx.exchanges.map(\.name) == ["nomx.test"] && mx.exchanges.first?.implicit == true && mx.exchanges.first?.preference == 0)
        #expect(mx.exchanges.first?.addresses.first?.fcrdns == true)
    }

    @Test("nullmx.test: the null MX (RFC 7505) and no exchange to resolve", .tags(.lab))
    func nullMX() async throws {
        let mx = try #require(try await collect("nullmx.test").mx)
        #expect(mx.nullMX && mx.records == [MXRecordFact(preference: 0, exchange: ".")])
        #expect(mx.exchanges.isEmpty && !mx.implicitMX)
    }

    @Test("cnamemx.test: the exchange is an alias", .tags(.lab))
    func cnameMX() async throws {
        let exchange = try #require(try await collect("cnamemx.test").mx?.exchanges.first)
        #expect(exchange.isCNAME && exchange.cnameChain == ["mx1.good.test"])
        #expect(!exchange.addresses.isEmpty)
    }

    @Test("noaddr.test: one exchange without addresses, one that does not exist", .tags(.lab))
    func noAddresses() async throws {
        let exchanges = try #require(try await collect("noaddr.test").mx?.exchanges)
        try #require(exchanges.map(\.name) == ["mx.noaddr.test", "missing.noaddr.test"], "indexed below")
        #expect(exchanges[0].a.outcome == .nodata && exchanges[0].aaaa.outcome == .nodata && exchanges[0].addresses.isEmpty)
        #expect(exchanges[1].a.outcome == .nxdomain && exchanges[1].addresses.isEmpty)
    }

    @Test("big.test: the TXT set needs TCP; it is collected whole", .tags(.lab))
    func bigTXT() async throws {
        let txt = try #require(try await collect("big.test").txt)
        #expect(txt.domain.lookup.transport == "tcp" && txt.domain.lookup.truncatedOverUDP)
        #expect(txt.domain.records.count == 13)
    }

    @Test("alias.chain.test: MX through a CNAME chain, reported as such", .tags(.lab))
    func chain() async throws {
        let facts = try await collect("alias.chain.test")
        #expect(facts.mx?.lookup.cnameChain == ["step.chain.test", "good.test"])
        #expect(facts.mx?.exchanges.count == 2)
        #expect(facts.dnssec?.status == .insecure, "an unsigned link in the chain makes the answer insecure")
    }

    @Test("bogus.test: DNSSEC bogus, then collected again with checking disabled and marked so", .tags(.lab))
    func bogus() async throws {
        let facts = try await collect("bogus.test")
        #expect(facts.collection.error == nil, "a bogus domain is a finding, not a resolver problem")
        #expect(facts.dnssec?.status == .bogus, "the validated verdict is kept")
        #expect(facts.dnssec?.lookup.outcome == .servfail && facts.dnssec?.checkingDisabledLookup?.outcome == .records)
        #expect(facts.collection.checkingDisabled == true)
        #expect(facts.mx?.lookup.outcome == .records && facts.mx?.exchanges.first?.name == "mx.bogus.test", "what the zone publishes")
        #expect(facts.mx?.lookup.authenticData == false, "not validated")
        #expect(facts.txt?.dmarc.lookup.outcome.isDefinite == true)
        let good = try await collect("good.test")
        #expect(good.collection.checkingDisabled == nil, "only a bogus domain is collected again")
    }

    @Test("lame.test: SERVFAIL without a DNSSEC cause is indeterminate, not bogus", .tags(.lab))
    func lame() async throws {
        let facts = try await collect("lame.test")
        #expect(facts.dnssec?.status == .indeterminate)
        #expect(facts.mx?.lookup.outcome == .servfail)
    }

    @Test("dead.test: delegated to a server that does not answer: SERVFAIL or a timeout, within the deadline, and the audit goes on", .tags(.lab))
    func deadDelegation() async throws {
        // unbound's own retries of the dead server, with the SERVFAIL asked again (without an
        // Extended DNS Error) and with CD, took up to 21 s while the whole suite loaded the
        // lab: the bound is what a busy lab needs, the point is the SERVFAIL.
        let facts = try await collect("dead.test", deadline: TestTime.scaled(40))
        // SERVFAIL once unbound has given up on the server; a timeout while it still tries
        // (seen in CI). Either way the resolver answered other names: the audit goes on.
        #expect([.servfail, .timeout].contains(facts.mx?.lookup.outcome), "\(String(describing: facts.mx?.lookup))")
        #expect(facts.collection.failure == nil, "not a silent resolver: \(facts.collection.error ?? "")")
        #expect(facts.dnssec?.status == .indeterminate)
        #expect(!facts.collection.deadlineExceeded)
    }

    @Test("a resolver that refuses: the collection stops with a reason", .tags(.lab))
    func refused() async throws {
        let facts = try await collect("example.com")
        #expect(facts.collection.error?.contains("REFUSED") == true)
        #expect(facts.mx?.lookup.outcome == .refused && facts.txt == nil)
    }
}

/// DMARC facts of the lab's dmarc.test zone.
@Suite("Collector: DMARC against the lab")
struct CollectorDMARCLabTests {
    private func dmarc(_ domain: String) async throws -> DMARCFacts {
        try await Lab.start()
        let dns = StubResolver(configuration: DNSClientConfiguration(servers: [try DNSServer(address: Lab.resolver)], timeout: 2))
        let collector = DomainCollector(dns: dns, options: CollectorOptions(deadline: 20, publicSuffixList: try PublicSuffixList()))
        let facts = await collector.collect(try DomainName(domain))
        return try #require(facts.dmarc)
    }

    @Test("a policy at the domain, its report destinations and their authorisation", .tags(.lab))
    func found() async throws {
        let facts = try await dmarc("dmarc.test")
        #expect(facts.status == .found && !facts.inherited && facts.policyDomain == "dmarc.test")
        #expect(facts.effectivePolicy == "quarantine" && facts.effectivePolicySource == "p at dmarc.test")
        #expect(facts.organizationalDomainRFC7489 == "dmarc.test" && facts.policyDomainRFC7489 == "dmarc.test")
        let destinations = Dictionary(uniqueKeysWithValues: facts.reportDestinations.map { ("\($0.tag) \($0.domain ?? "")", $0) })
        #expect(destinations["rua dmarc.test"]?.external == false)
        #expect(destinations["rua reports.good.test"]?.authorized == true)
        #expect(destinations["rua reports.good.test"]?.authorizationName == "dmarc.test._report._dmarc.reports.good.test")
        #expect(destinations["rua unsigned.test"]?.authorized == false)
        #expect(destinations["ruf unsigned.test"]?.authorized == false)
    }

    @Test("no record at a subdomain: the parent's sp applies (RFC 9989 tree walk)", .tags(.lab))
    func inherited() async throws {
        let facts = try await dmarc("sub.dmarc.test")
        #expect(facts.status == .inherited && facts.inherited && facts.policyDomain == "dmarc.test")
        #expect(facts.effectivePolicy == "reject" && facts.effectivePolicySource == "sp at dmarc.test")
        #expect(facts.policyDomainRFC7489 == "dmarc.test", "RFC 7489 asks the organizational domain")
        #expect(facts.treeWalk.map(\.name) == ["_dmarc.sub.dmarc.test", "_dmarc.dmarc.test", "_dmarc.test"])
        #expect(facts.organizationalDomainRFC9989 == "dmarc.test")
        #expect(facts.treeWalk.first?.lookup == .nxdomain)
    }

    @Test("two records at the domain: multiple-records, whatever the parent says", .tags(.lab))
    func multiple() async throws {
        let facts = try await dmarc("multi.dmarc.test")
        #expect(facts.status == .multipleRecords && facts.recordsAtDomain.count == 2)
    }

    @Test("an invalid record keeps its tags; removed tags are listed", .tags(.lab))
    func invalid() async throws {
        let facts = try await dmarc("bad.dmarc.test")
        #expect(facts.status == .invalid)
        let record = try #require(facts.record)
        #expect(!record.validRFC9989 && record.errorsRFC9989.contains { $0.contains("p=bogus") })
        #expect(record.tags.map(\.name) == ["v", "p", "pct", "rf"])
        #expect(record.removedTags == ["pct", "rf"])
    }

    @Test("p=none with pct=20: valid, pct kept as the RFC 7489 reading", .tags(.lab))
    func monitor() async throws {
        let facts = try await dmarc("monitor.dmarc.test")
        #expect(facts.status == .found && facts.effectivePolicy == "none")
        #expect(facts.record?.pct == 20 && facts.record?.removedTags == ["pct"])
    }

    @Test("no DMARC anywhere up the tree; a failed lookup is not 'none'", .tags(.lab))
    func absent() async throws {
        #expect(try await dmarc("nomx.test").status == .none)
        #expect(try await dmarc("lame.test").status == .lookupFailed)
    }
}

/// DKIM keys at given and common selectors.
@Suite("Collector: DKIM against the lab")
struct CollectorDKIMLabTests {
    private func dkim(_ domain: String, selectors: [String] = []) async throws -> DKIMFacts {
        try await Lab.start()
        let dns = StubResolver(configuration: DNSClientConfiguration(servers: [try DNSServer(address: Lab.resolver)], timeout: 2))
        let collector = DomainCollector(dns: dns, options: CollectorOptions(dkimSelectors: selectors, deadline: 20))
        let facts = await collector.collect(try DomainName(domain))
        return try #require(facts.dkim)
    }

    @Test("given selectors are all reported; a common one is found without being named", .tags(.lab))
    func goodKeys() async throws {
        let facts = try await dkim("good.test", selectors: ["sel2048", "sel1024", "revoked", "missing"])
        #expect(facts.found == ["sel2048", "sel1024", "revoked", "google"])
        let bySelector = Dictionary(uniqueKeysWithValues: facts.selectors.map { ($0.selector, $0) })
        #expect(bySelector["sel2048"]?.keys.first?.bits == 2048 && bySelector["sel2048"]?.keys.first?.encoding == "spki")
        #expect(bySelector["sel1024"]?.keys.first?.bits == 1024)
        #expect(bySelector["revoked"]?.keys.first?.revoked == true && bySelector["revoked"]?.keys.first?.valid == false)
        #expect(bySelector["missing"]?.lookup.outcome == .nxdomain && bySelector["missing"]?.source == .given)
        #expect(bySelector["google"]?.source == .common && bySelector["google"]?.keys.first?.keyType == "ed25519")
        #expect(facts.commonSelectorsTried > 20)
        #expect(facts.domainKeyLookup.outcome == .nodata)
    }

    @Test("a weak key in testing mode; no _domainkey at all", .tags(.lab))
    func weakAndNone() async throws {
        let weak = try await dkim("unsigned.test")
        #expect(weak.found == ["k1"])
        #expect(weak.selectors.first?.keys.first?.bits == 512 && weak.selectors.first?.keys.first?.testing == true)
        let none = try await dkim("nomx.test")
        #expect(none.found.isEmpty && none.domainKeyLookup.outcome == .nxdomain)
        // RFC 8020: nothing exists below an NXDOMAIN, so the common selectors were not asked.
        #expect(none.nxdomainCut == true && none.commonSelectorsTried == 0)
        #expect(try await dkim("good.test").nxdomainCut == nil, "_domainkey.good.test exists (NODATA): no cut")
    }
}

/// MTA-STS, TLS-RPT and BIMI records read from their TXT sets.
@Suite("Collector: MTA-STS, TLS-RPT and BIMI records against the lab")
struct CollectorPolicyRecordLabTests {
    private func collect(_ domain: String) async throws -> FactSet {
        try await Lab.start()
        let dns = StubResolver(configuration: DNSClientConfiguration(servers: [try DNSServer(address: Lab.resolver)], timeout: 2))
        return await DomainCollector(dns: dns, options: CollectorOptions(deadline: 20, commonDKIMSelectors: false))
            .collect(try DomainName(domain))
    }

    @Test("valid records at good.test", .tags(.lab))
    func valid() async throws {
        let facts = try await collect("good.test")
        #expect(facts.mtaSts?.status == .valid && facts.mtaSts?.id == "20261129T000000")
        #expect(facts.tlsRpt?.status == .valid && facts.tlsRpt?.reportURIs == ["mailto:tlsrpt@good.test"])
        #expect(facts.bimi?.status == .valid && facts.bimi?.logo == "https://good.test/bimi/logo.svg")
    }

    @Test("invalid records keep their text and say why; two records; absent; lookup failed", .tags(.lab))
    func problems() async throws {
        let facts = try await collect("records.test")
        #expect(facts.mtaSts?.status == .invalid && facts.mtaSts?.records == ["v=STSv1; id=<script>document.title='pwned'</script>"])
        #expect(facts.mtaSts?.errors.first?.contains("the value must be visible characters") == true)
        #expect(facts.tlsRpt?.status == .invalid && facts.tlsRpt?.errors.first?.contains("rua=") == true)
        #expect(facts.bimi?.status == .invalid && facts.bimi?.errors.first?.contains("https") == true)
        #expect(try await collect("two.records.test").mtaSts?.status == .multipleRecords)
        #expect(try await collect("unsigned.test").mtaSts?.status == PolicyRecordStatus.none)
        #expect(try await collect("lame.test").tlsRpt?.status == .lookupFailed)
    }
}
