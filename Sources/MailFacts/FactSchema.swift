/// The shape of the facts, for checking rule files: a FactSet with every optional field set
/// and every list holding one element, whose JSON form lists every path a rule may read.
/// A test keeps it complete (a field added to the facts but not here fails that test).
public enum FactSchema {
    public static let sample: FactSet = {
        let lookup = LookupFact(name: "example.org", type: "A", outcome: .records, rcode: "NOERROR", authenticData: true,
                                cnameChain: ["alias.example.org"], transport: "udp", truncatedOverUDP: false, server: "127.0.0.1",
                                attempts: 1, milliseconds: 1, detail: "detail")
        var validation = DNSSECValidationFact(name: "example.org", type: "MX", status: .secure, reason: "validated", problem: .signatureExpired,
                                              link: "key example.org.", trustAnchor: "/usr/share/dns/root.key",
                                              algorithms: [DNSSECAlgorithmFact(number: 13)], signatureExpires: "2027-01-01T00:00:00Z",
                                              daysToSignatureExpiry: 10)
        validation.trustAnchorNamed = true
        validation.keys = DNSSECKeysFact(zone: "example.org", ds: [DSRecordFact(keyTag: 12345, algorithm: 13, digestType: 2)],
                                         dnskeys: [DNSKEYRecordFact(keyTag: 54321, algorithm: 13, flags: 257)], signatureKeyTags: [11111],
                                         dsLookup: lookup, dnskeyLookup: lookup)
        var dnssec = DNSSECFact(name: "example.org", status: .secure, reason: "AD", lookup: lookup, checkingDisabledLookup: lookup)
        dnssec.source = .validation
        dnssec.resolverStatus = .secure
        dnssec.resolverReason = "AD"
        dnssec.validation = validation
        var tlsaSet = TLSASetFact(name: "_25._tcp.mx.example.org", lookup: lookup,
                                  records: [TLSARecordFact(usage: 3, selector: 1, matchingType: 1, data: "00")])
        tlsaSet.dnssec = .secure
        tlsaSet.validation = validation
        let txtSet = TXTSetFact(name: "example.org", lookup: lookup, records: [TXTRecordFact(strings: [Array("v=spf1 -all".utf8)])])
        var facts = FactSet(domain: "example.org", collectedAt: "2026-01-01T00:00:00Z", resolvers: ["127.0.0.1"],
                            collection: CollectionFact(complete: true, deadlineSeconds: 30, deadlineExceeded: false, seconds: 1, error: "error",
                                                       failure: .resolverTimeout))
        facts.collection.checkingDisabled = true
        facts.dnssec = dnssec
        let address = AddressFact(ip: "192.0.2.1", family: .ipv4, ptr: lookup, ptrNames: ["mx.example.org"], fcrdns: true,
                                  forward: [ForwardConfirmationFact(name: "mx.example.org", lookup: lookup, addresses: ["192.0.2.1"], matches: true)])
        var exchange = ExchangeFact(name: "mx.example.org", preference: 10, implicit: false, isCNAME: false, cnameChain: ["x"], a: lookup,
                                    aaaa: lookup, addresses: [address], dnssec: dnssec, tlsa: tlsaSet)
        exchange.caa = CAAFact(walk: [lookup], lookup: lookup, foundAt: "example.org", records: [CAARecordFact(flags: 0, tag: "issue", value: "ca.example")])
        facts.mx = MXFacts(lookup: lookup, records: [MXRecordFact(preference: 10, exchange: "mx.example.org")], nullMX: false,
                           implicitMX: false, implicitLookups: [lookup], exchanges: [exchange])
        facts.txt = TXTFacts(domain: txtSet, dmarc: txtSet, mtaSts: txtSet, tlsRpt: txtSet, bimi: txtSet,
                             dkim: [DKIMSelectorTXTFact(selector: "s1", txt: txtSet)])
        var spf = SPFFacts(domain: "example.org", status: .valid, records: ["v=spf1 -all"])
        spf.tree = SPFNodeFact(domain: "example.org", via: .root, lookup: .found, record: "v=spf1 -all", errors: ["e"],
                               terms: [SPFTermFact(text: "-all", name: "all", qualifier: "-", dnsLookup: false, void: false)],
                               children: [])
        spf.effectiveAll = "-all"
        spf.allReachedVia = ["example.org"]
        spf.termsAfterAll = ["t"]
        spf.loops = ["l"]
        spf.problems = [SPFProblemFact(domain: "example.org", term: "t", message: "m")]
        spf.recordLength = 11
        spf.recordStringLengths = [11]
        spf.txtRRsetBytes = 12
        spf.spfTypeLookup = lookup
        facts.spf = spf
        var dmarc = DMARCFacts(domain: "example.org", status: .found)
        dmarc.recordsAtDomain = ["v=DMARC1; p=reject"]
        dmarc.policyDomain = "example.org"
        dmarc.record = DMARCRecordFact(
            text: "v=DMARC1", validRFC9989: true, errorsRFC9989: ["e"], validRFC7489: true, errorsRFC7489: ["e"],
            tags: [DMARCTagFact(name: "v", value: "DMARC1")], p: "reject", pExplicit: true, pFollowsV: true, sp: "reject", np: "reject",
            adkim: "r", aspf: "r", fo: ["0"], rua: [DMARCURIFact(uri: "mailto:a@example.org", scheme: "mailto", address: "a@example.org", maxSize: 1)],
            ruf: [DMARCURIFact(uri: "mailto:a@example.org", scheme: "mailto", address: "a@example.org", maxSize: 1)], pct: 100, psd: "u", t: false,
            removedTags: ["pct"], unknownTags: ["x"])
        dmarc.effectivePolicy = "reject"
        dmarc.effectivePolicySource = "p at example.org"
        dmarc.organizationalDomainRFC7489 = "example.org"
        dmarc.policyDomainRFC7489 = "example.org"
        dmarc.organizationalDomainRFC9989 = "example.org"
        dmarc.treeWalk = [DMARCWalkStepFact(name: "_dmarc.example.org", lookup: .records, records: ["v=DMARC1"])]
        dmarc.reportDestinations = [DMARCReportDestinationFact(tag: "rua", uri: "mailto:a@example.net", domain: "example.net", external: true,
                                                               authorizationName: "n", authorizationLookup: .records, authorized: true)]
        facts.dmarc = dmarc
        facts.dkim = DKIMFacts(domainKeyLookup: lookup, selectors: [DKIMSelectorFact(
            selector: "s1", source: .given, name: "s1._domainkey.example.org", lookup: lookup,
            keys: [DKIMKeyFact(record: "v=DKIM1", valid: true, errors: ["e"], keyType: "rsa", bits: 2048, encoding: "spki",
                               hashAlgorithms: ["sha256"], serviceTypes: ["email"], flags: ["y"], testing: false, revoked: false,
                               usableForEmail: true)])], commonSelectorsTried: 1, nxdomainCut: true,
                               wildcardLookup: lookup)
        var policy = PolicyRecordFacts(name: "_mta-sts.example.org", status: .valid, records: ["v=STSv1; id=1"])
        policy.valid = true
        policy.errors = ["e"]
        policy.id = "1"
        policy.reportURIs = ["mailto:a@example.org"]
        policy.logo = "https://example.org/l.svg"
        policy.evidence = "https://example.org/e.pem"
        policy.declination = false
        facts.mtaSts = policy
        facts.tlsRpt = policy
        facts.bimi = policy
        let tlsa = TLSARecordFact(usage: 3, selector: 1, matchingType: 1, data: "00")
        let certificate = CertificateFact(subject: "CN=mx.example.org", issuer: "CN=CA", dnsNames: ["mx.example.org"],
                                          notBefore: "2026-01-01T00:00:00Z", notAfter: "2027-01-01T00:00:00Z", keyType: "EC",
                                          keyBits: 256, curve: "prime256v1", signatureAlgorithm: "ecdsa-with-SHA256", sha256: "00",
                                          selfSigned: false, isCA: false)
        let ehlo = EHLOFact(domain: "mx.example.org", keywords: ["STARTTLS"], extensions: [SMTPExtensionFact(keyword: "SIZE", parameters: ["1"])],
                            size: 1, authMechanisms: ["PLAIN"], starttls: true)
        var endpoint = SMTPEndpointFact(
            host: "mx.example.org", address: "192.0.2.1", family: .ipv4, port: 25, service: .mx, outcome: .ok,
            failure: SMTPFailureFact(step: .connect, kind: .timeout, detail: "d"), connectMilliseconds: 1,
            greeting: SMTPGreetingFact(code: 220, lines: ["mx.example.org ESMTP"], name: "mx.example.org", firstByteSeconds: 0.1, seconds: 0.1),
            ehlo: ehlo,
            tls: TLSFact(status: .ok, implicit: false, error: "e", version: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384", group: "X25519",
                         chain: [certificate], trusted: true, verifyCode: 0, verifyReason: "ok", namesHost: true, daysToExpiry: 30),
            ehloAfterTLS: ehlo, authBeforeTLS: ["PLAIN"], tlsVersions: ["TLSv1.2": .accepted],
            dane: DANEFact(status: .match, unusableRecords: [tlsa], matched: tlsa, matchedDepth: 0, detail: "d"),
            probe: ProbeRunFact(outcome: .done, detail: "d"), milliseconds: 1, reused: false)
        endpoint.starttlsInjection = STARTTLSInjectionFact(status: .notVulnerable, detail: "d", transcript: ["-> STARTTLS"])
        let reply = SMTPCommandFact(command: "VRFY postmaster", code: 252, text: "2.0.0 postmaster")
        endpoint.mailboxes = SMTPMailboxesFact(domain: "example.org", status: .done, detail: "d", mailFrom: reply, postmaster: reply,
                                               vrfy: [reply], expn: [reply])
        endpoint.relay = SMTPRelayFact(status: .done, detail: "d", attempts: [SMTPRelayAttemptFact(form: "plain", mailFrom: reply, rcptTo: reply)],
                                       accepted: ["plain"])
        endpoint.ptrNames = ["mx.example.org"]
        endpoint.tlsScan = TLSScanFact(versions: [TLSVersionScanFact(version: "TLSv1.2", accepted: true, ciphers: ["ECDHE-RSA-AES256-GCM-SHA384"],
                                                                     serverOrder: true, refusal: "r")],
                                       groups: ["X25519"], dhBits: 2048, secureRenegotiation: true, extendedMasterSecret: true,
                                       signatureHashes: ["SHA256"], notTested: ["0-RTT"], handshakes: 1, seconds: 1, cutShort: "c",
                                       cutPhase: "versions", notOffered: ["RC4"])
        facts.smtp = SMTPFacts(status: .probed, endpoints: [endpoint],
                               notProbed: [SMTPNotProbedFact(host: "mx.example.org", address: "2001:db8::1", family: .ipv6, reason: "r")])
        facts.submission = SubmissionFacts(
            srv: [SRVSetFact(service: .submission, lookup: lookup, records: [SRVRecordFact(priority: 0, weight: 1, port: 587, target: "smtp.example.org")],
                             serviceDeclined: false)],
            givenHosts: ["smtp.example.org"], endpoints: [endpoint])
        facts.mtaStsPolicy = MTASTSPolicyFacts(
            url: "https://mta-sts.example.org/.well-known/mta-sts.txt", host: "mta-sts.example.org", lookups: [lookup], addresses: ["192.0.2.1"],
            fetch: PolicyFetchFact(outcome: .ok, httpStatus: 200, contentType: "text/plain", contentTypeOK: true, bytes: 1,
                                   redirectLocation: "r", certificateValid: true, certificateError: "e", error: "e", milliseconds: 1),
            probe: ProbeRunFact(outcome: .done, detail: "d"),
            policy: MTASTSPolicyFact(text: "t", valid: true, errors: ["e"], version: "STSv1", mode: .enforce, maxAge: 1, mx: ["mx.example.org"],
                                     unknownKeys: ["k"]),
            mxCoverage: [MTASTSCoverageFact(exchange: "mx.example.org", covered: true)])
        let check = DNSBLCheckFact(zone: "bl.example.net", subject: "192.0.2.1", exchange: "mx.example.org", lookup: lookup, status: .listed,
                                   codes: [DNSBLCodeFact(address: "127.0.0.2", kind: .listed, meaning: "m")], reason: "r")
        facts.dnsbl = DNSBLFacts(
            lists: [DNSBLListFact(zone: "bl.example.net", kind: .ip, listName: "n", lookupPage: "https://bl.example.net/", refusalAdvice: "a",
                                  health: .usable, healthDetail: "d", testEntries: [check])],
            checks: [check])
        facts.dnsbl?.lists[0].coversIPv6 = true
        facts.dnsbl?.lists[0].ipv6TestEntry = check
        var zone = ZoneServersFact(zone: "example.org", usedFor: ["example.org"], nsLookup: lookup, ns: ["a.example.net"])
        zone.parent = "org"
        zone.delegation = DelegationFact(status: "referral", server: "a0.org [192.0.2.9]", ns: ["a.example.net"],
                                         glue: [GlueFact(name: "a.example.net", addresses: ["192.0.2.1"], resolved: ["192.0.2.1"])], detail: "d")
        zone.childNS = ["a.example.net"]
        zone.serials = [1]
        zone.addressesTested = 1
        zone.addressesAuthoritative = 1
        zone.prefixes = ["192.0.2.0/24"]
        zone.queries = 7
        zone.soa = SOAFact(mname: "a.example.net", rname: "hostmaster.example.org", serial: 1, refresh: 14400, retry: 3600, expire: 1209600, minimum: 3600)
        var server = NameServerAddressFact(zone: "example.org", host: "a.example.net", address: "192.0.2.1", family: .ipv4)
        server.udp = .authoritative
        server.tcp = .authoritative
        server.detail = "d"
        server.serial = 1
        server.ns = ["a.example.net"]
        server.ednsDetail = "d"
        var name = NameServerNameFact(zone: "example.org", name: "a.example.net", addresses: ["192.0.2.1"], lookupA: lookup, lookupAAAA: lookup, inZone: true)
        name.inDelegation = true
        facts.nameServers = NameServerFacts([ZoneServersCheck(zone: zone, names: [name], servers: [server])])
        facts.source = AuditSourceFact(kind: .undelegated, zone: "example.org", servers: ["a.example.net [192.0.2.1]"], file: "f", records: 1,
                                       dnskeys: 0, note: "n")
        facts.approved = ApprovedHostsFact(mx: ["*.example.net"], ns: ["a.example.net"], source: "domains.txt:1")
        let rpkiSource = RPKISourceFact(file: "f", generated: "2026-01-01T00:00:00Z", generatedFrom: "metadata.generated", ageHours: 1, entries: 1)
        facts.rpki = RPKIFacts(vrps: rpkiSource, routes: rpkiSource,
                               addresses: [RPKIAddressFact(role: "mx", host: "mx.example.org", address: "192.0.2.1", zone: "example.org",
                                                           route: "192.0.2.0/24", origins: [64500], state: "valid", covering: ["192.0.2.0/24-24 AS64500"])],
                               nameServerOrigins: [RPKIZoneOriginsFact(zone: "example.org", asns: [64500], unrouted: 0)])
        return facts
    }()
}
