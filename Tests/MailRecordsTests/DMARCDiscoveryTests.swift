import Testing
@testable import MailRecords

@Suite("DMARC discovery")
struct DMARCDiscoveryTests {
    @Test("the tree walk asks the domain, then at most 7 labels, then one label less each time (RFC 9989 §4.10)")
    func walkTargets() {
        #expect(DMARCDiscovery.walkTargets("a.b.example.com") == ["a.b.example.com", "b.example.com", "example.com", "com"])
        let deep = DMARCDiscovery.walkTargets("1.2.3.4.5.6.7.8.9.example.com")
        #expect(deep.count == 8)
        #expect(deep[0] == "1.2.3.4.5.6.7.8.9.example.com" && deep[1] == "5.6.7.8.9.example.com" && deep.last == "com")
    }

    @Test("policy from the tree walk, organizational domain with psd=y, and report authorisation")
    func discovery() async {
        let zone: [String: Any] = [
            "_dmarc.example.test": [["TXT": "v=DMARC1; p=reject; sp=quarantine; rua=mailto:a@example.test,mailto:b@reports.other.test"]],
            "_dmarc.test": [["TXT": "v=DMARC1; p=none; psd=y"]],
            "example.test._report._dmarc.reports.other.test": [["TXT": "v=DMARC1"]],
        ]
        let facts = await DMARCDiscovery(resolver: ZoneDataResolver(zone), publicSuffixList: nil).discover("mail.example.test")
        #expect(facts.status == .inherited && facts.policyDomain == "example.test")
        #expect(facts.effectivePolicy == "quarantine" && facts.effectivePolicySource == "sp at example.test")
        #expect(facts.organizationalDomainRFC9989 == "example.test", "one label below the psd=y record")
        #expect(facts.reportDestinations.map(\.external) == [false, true])
        #expect(facts.reportDestinations[1].authorized == true)
    }
}
