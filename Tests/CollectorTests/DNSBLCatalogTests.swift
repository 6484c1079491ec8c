import DNSClient
import Foundation
import MailFacts
import Testing
@testable import Collector

/// The data file of DNS lists (data/dnsbl-lists.yaml) and how answers are read by it: pure
/// code, no network. The lab tests (CLITests, "DNS blocklists") ask real lists in the lab.
@Suite("DNS list data and decoding")
struct DNSBLCatalogTests {
    static let catalog = DNSBLCatalog.builtin

    @Test("the compiled-in data is data/dnsbl-lists.yaml (run scripts/embed-rules.sh after editing), and it loads")
    func builtin() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("data/dnsbl-lists.yaml").path
        let onDisk = try String(contentsOfFile: path, encoding: .utf8)
        #expect(DNSBLListData.text + "\n" == onDisk || DNSBLListData.text == onDisk, "data/dnsbl-lists.yaml differs from the compiled-in copy")
        let parsed = try DNSBLCatalog.parse(onDisk, file: path)
        #expect(parsed.lists.count == Self.catalog.lists.count && parsed.lists.count >= 10)
        // Every zone is named by one list only.
        let zones = parsed.lists.flatMap(\.zones)
        #expect(Set(zones).count == zones.count)
    }

    @Test("Spamhaus: listing codes have their meaning; 127.255.255.0/24 is a refusal, never a listing")
    func spamhaus() throws {
        let zen = try #require(Self.catalog.list(for: "zen.spamhaus.org."))
        #expect(zen.name == "Spamhaus ZEN")
        let sbl = DNSBLCatalog.decode("127.0.0.2", list: zen)
        #expect(sbl.kind == .listed && sbl.meaning?.hasPrefix("SBL") == true)
        #expect(DNSBLCatalog.decode("127.0.0.11", list: zen).meaning?.hasPrefix("PBL") == true)
        let publicResolver = DNSBLCatalog.decode("127.255.255.254", list: zen)
        #expect(publicResolver.kind == .refused && publicResolver.meaning?.contains("public or open resolver") == true)
        #expect(DNSBLCatalog.decode("127.255.255.255", list: zen).meaning == "too many queries from this resolver")
        // The exact code before its prefix; any other code of the range is still a refusal.
        let other = DNSBLCatalog.decode("127.255.255.200", list: zen)
        #expect(other.kind == .refused && other.meaning == "an error about the query, not a listing")
        // A code the data does not know is still a listing (RFC 5782 §2.1), without a meaning.
        let unknown = DNSBLCatalog.decode("127.0.0.99", list: zen)
        #expect(unknown.kind == .listed && unknown.meaning == nil)
        // The DBL refuses questions about IP addresses.
        let dbl = try #require(Self.catalog.list(for: "dbl.spamhaus.org"))
        #expect(dbl.kind == .domain && dbl.testListed == "dbltest.com" && dbl.testUnlisted == nil)
        #expect(DNSBLCatalog.decode("127.0.1.255", list: dbl).kind == .refused)
    }

    @Test("a data-feed key in front of a known zone finds the list; an unknown zone finds none")
    func zoneMatching() {
        #expect(Self.catalog.list(for: "abcdef0123456789.zen.dq.spamhaus.net")?.name == "Spamhaus ZEN")
        #expect(Self.catalog.list(for: "ZEN.Spamhaus.ORG")?.name == "Spamhaus ZEN")
        // Not ZEN by a shared ending of the text: by labels only (the catch-all for Spamhaus).
        #expect(Self.catalog.list(for: "notzen.spamhaus.org")?.name == "Spamhaus")
        #expect(Self.catalog.list(for: "bl.example.net") == nil)
    }

    @Test("any other Spamhaus zone refuses with 127.255.255.0/24; a data-feed key is shown as <key>, never itself")
    func spamhausCatchAllAndKeys() throws {
        let authbl = try #require(Self.catalog.list(for: "authbl.spamhaus.org"))
        #expect(authbl.kind == nil && DNSBLCatalog.decode("127.255.255.254", list: authbl).kind == .refused)
        #expect(Self.catalog.display("s3cr3tkey.zen.dq.spamhaus.net") == "<key>.zen.dq.spamhaus.net")
        #expect(Self.catalog.display("s3cr3tkey.authbl.dq.spamhaus.net") == "<key>.authbl.dq.spamhaus.net")
        #expect(Self.catalog.display("zen.spamhaus.org") == "zen.spamhaus.org")
        #expect(Self.catalog.display("bl.example.net") == "bl.example.net")
        // A user's entry that names the keyed zone plainly (and wins the match) does not bring the key back.
        let own = try DNSBLCatalog.parse("lists:\n  - name: Mine\n    zones: [zen.dq.spamhaus.net]\n    kind: ip\n", file: "mine.yaml")
        let merged = DNSBLCatalog(lists: own.lists + Self.catalog.lists)
        #expect(merged.list(for: "s3cr3tkey.zen.dq.spamhaus.net")?.name == "Mine")
        #expect(merged.display("s3cr3tkey.zen.dq.spamhaus.net") == "<key>.zen.dq.spamhaus.net")
    }

    @Test("a list named twice is asked once; a known list named with the other option is found")
    func options() {
        let options = DNSBLOptions(ipZones: ["zen.spamhaus.org", "ZEN.spamhaus.org.", "bl.example.net"], domainZones: ["dbl.spamhaus.org", "zen.spamhaus.org"])
        #expect(options.ipZones == ["zen.spamhaus.org", "bl.example.net"])
        #expect(options.misnamed.map(\.zone) == ["zen.spamhaus.org"])
        #expect(DNSBLOptions(ipZones: ["dbl.spamhaus.org"], domainZones: []).misnamed.first?.kind == .domain)
    }

    @Test("an entry of --dnsbl-lists wins over the shipped one for its zone")
    func override() throws {
        let own = try DNSBLCatalog.parse("lists:\n  - name: Mine\n    zones: [zen.spamhaus.org]\n    kind: ip\n", file: "mine.yaml")
        let merged = DNSBLCatalog(lists: own.lists + Self.catalog.lists)
        #expect(merged.list(for: "zen.spamhaus.org")?.name == "Mine")
        #expect(merged.list(for: "dbl.spamhaus.org")?.name == "Spamhaus DBL")
    }

    @Test("URIBL adds bits; its 127.0.0.1 is a refusal")
    func bitmask() throws {
        let uribl = try #require(Self.catalog.list(for: "multi.uribl.com"))
        let both = DNSBLCatalog.decode("127.0.0.6", list: uribl)
        #expect(both.kind == .listed && both.meaning?.contains("black") == true && both.meaning?.contains("grey") == true)
        #expect(DNSBLCatalog.decode("127.0.0.1", list: uribl).kind == .refused)
    }

    @Test("127.255.255.0/24 is a refusal from any list, known or not; a refused test entry makes the list refused, not 'lists everything'")
    func refusalRange() {
        for code in ["127.255.255.254", "127.255.255.255", "127.255.255.1"] {
            let decoded = DNSBLCatalog.decode(code, list: nil)
            #expect(decoded.kind == .refused && decoded.meaning?.contains("refus") == true, "\(code): \(decoded)")
        }
        #expect(DNSBLCatalog.decode("127.255.254.2", list: nil).kind == .listed)
        let lookup = LookupFact(name: "2.0.0.127.bl.example.net", type: "A", outcome: .records)
        func entry(_ subject: String, _ codes: [String]) -> DNSBLCheckFact {
            let decoded = codes.map { DNSBLCatalog.decode($0, list: nil) }
            return DNSBLCheckFact(zone: "bl.example.net", subject: subject, lookup: lookup,
                                  status: decoded.contains { $0.kind == .refused } ? .refused : .listed, codes: decoded)
        }
        let (health, detail) = DNSBLChecker.health(listedEntry: entry("127.0.0.2", ["127.255.255.254"]),
                                                    unlistedEntry: entry("127.0.0.1", ["127.255.255.254"]))
        #expect(health == .refused, "\(String(describing: detail))")
    }

    @Test("an answer outside 127.0.0.0/8, or not an IPv4 address, is no list's code")
    func unexpected() {
        #expect(DNSBLCatalog.decode("198.51.100.7", list: nil).kind == .unexpectedAnswer)
        #expect(DNSBLCatalog.decode("::1", list: nil).kind == .unexpectedAnswer)
        #expect(DNSBLCatalog.decode("127.0.0.2", list: nil).kind == .listed)
    }

    @Test("query names: IPv4 octets reversed, IPv6 nibbles reversed, a domain as it is (RFC 5782 §2.1, §2.4, §3)")
    func queryNames() {
        #expect(DNSBLChecker.queryName("192.0.2.99", kind: .ip, zone: "bl.example.net") == "99.2.0.192.bl.example.net.")
        #expect(DNSBLChecker.queryName("2001:db8:1:2:3:4:567:89ab", kind: .ip, zone: "bl.example.net")
            == "b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2.bl.example.net.")
        #expect(DNSBLChecker.queryName("Example.ORG.", kind: .domain, zone: "dbl.example.net") == "example.org.dbl.example.net.")
        #expect(DNSBLChecker.queryName("not-an-ip", kind: .ip, zone: "bl.example.net") == nil)
    }

    static func entry(_ subject: String, _ status: DNSBLCheckStatus, _ outcome: LookupOutcome = .records) -> DNSBLCheckFact {
        DNSBLCheckFact(zone: "bl.example.net", subject: subject, lookup: LookupFact(name: subject, type: "A", outcome: outcome), status: status)
    }

    @Test("the test entries decide whether a list's answers can be believed (RFC 5782 §5)")
    func health() {
        #expect(DNSBLChecker.health(listedEntry: Self.entry("127.0.0.2", .listed), unlistedEntry: Self.entry("127.0.0.1", .notListed, .nxdomain)).0 == .usable)
        #expect(DNSBLChecker.health(listedEntry: Self.entry("127.0.0.2", .listed), unlistedEntry: Self.entry("127.0.0.1", .listed)).0 == .listsEverything)
        #expect(DNSBLChecker.health(listedEntry: Self.entry("127.0.0.2", .notListed, .nxdomain), unlistedEntry: Self.entry("127.0.0.1", .notListed, .nxdomain)).0
            == .missingTestEntry)
        #expect(DNSBLChecker.health(listedEntry: Self.entry("127.0.0.2", .refused), unlistedEntry: Self.entry("127.0.0.1", .refused)).0 == .refused)
        // A refusal says more than a lookup that failed beside it.
        #expect(DNSBLChecker.health(listedEntry: Self.entry("127.0.0.2", .lookupFailed, .timeout), unlistedEntry: Self.entry("127.0.0.1", .refused)).0
            == .refused)
        #expect(DNSBLChecker.health(listedEntry: Self.entry("127.0.0.2", .lookupFailed, .timeout), unlistedEntry: Self.entry("127.0.0.1", .notListed, .nxdomain)).0
            == .lookupFailed)
    }

    @Test("a data file with a mistake is an error naming the file, the line and the mistake",
          arguments: [
              ("lists:\n  - name: A\n    zones: [bl.example.net]\n    kind: ip\n    refuse:\n      127.0.0.1: x\n", 5, "unknown key 'refuse'"),
              ("lists:\n  - name: A\n    zones: [bl.example.net]\n    kind: ipv4\n", 4, "'kind' must be ip, domain or any"),
              ("lists:\n  - name: A\n    zones: [bl.example.net]\n", 2, "'kind' must be ip, domain or any"),
              ("lists:\n  - name: A\n    zones: [bl.example.net]\n    kind: any\n    testListed: test\n", 2, "give no testListed"),
              ("lists:\n  - name: A\n    zones: [bl.example.net]\n    kind: ip\n    listed:\n      127.0.0.300: x\n", 6, "'127.0.0.300' is not an IPv4 code"),
              ("lists:\n  - name: A\n    kind: ip\n", 2, "'zones' must be a list"),
              ("lists:\n  - name: A\n    zones: [bl.example.net]\n    kind: domain\n    bits:\n      3: x\n", 6, "'3' is not a bit"),
              ("lists: [\n", 1, "not valid YAML"),
          ])
    func badFiles(text: String, line: Int, message: String) {
        do {
            _ = try DNSBLCatalog.parse(text, file: "lists.yaml")
            Issue.record("parsed: \(text)")
        } catch {
            #expect(error.description.hasPrefix("lists.yaml:"), "\(error)")
            #expect(error.line == line || message == "not valid YAML", "\(error)")
            #expect(error.message.contains(message), "\(error)")
        }
    }
}

/// The checker over recorded answers (`RecordedDNS`): what reaches the facts.
@Suite("DNS list questions over recorded answers")
struct DNSBLCheckerRecordedTests {
    static func listed(_ name: String, _ address: String) -> (DNSQuestion, DNSAnswer) {
        let question = DNSQuestion(name: name, type: .A)
        var answer = DNSAnswer(question: question, outcome: .records)
        answer.records = [DNSRecord(name: name, type: .A, ttl: 60, data: .a(address))]
        return (question, answer)
    }

    static var mx: MXFacts {
        let lookup = LookupFact(name: "mx.example.org", type: "A", outcome: .records)
        var mx = FactSchema.sample.mx!
        mx.exchanges = [mx.exchanges[0]]
        mx.exchanges[0].addresses = [
            AddressFact(ip: "192.0.2.1", family: .ipv4, ptr: lookup, ptrNames: [], fcrdns: nil, forward: []),
            AddressFact(ip: "2001:db8::1", family: .ipv6, ptr: lookup, ptrNames: [], fcrdns: nil, forward: []),
        ]
        return mx
    }

    @Test("a data-feed key is asked but never written to the facts; an IPv6 address on a list without its IPv6 test entry is unreliable")
    func keyAndIPv6() async throws {
        let zone = "s3cr3tkey.zen.dq.spamhaus.net"
        let dns = RecordedDNS(answers: Dictionary(uniqueKeysWithValues: [Self.listed("2.0.0.127.\(zone).", "127.0.0.2")]), othersAbsent: true)
        let checker = DNSBLChecker(dns: dns, options: DNSBLOptions(ipZones: [zone], domainZones: []))
        let facts = await checker.collect(try DomainName("example.org"), mx: Self.mx)
        let list = try #require(facts.lists.first)
        #expect(list.zone == "<key>.zen.dq.spamhaus.net" && list.listName == "Spamhaus ZEN" && list.health == .usable)
        #expect(list.coversIPv6 == false && list.ipv6TestEntry?.status == .notListed)
        #expect(facts.checks.count == 2)
        #expect(facts.checks.first { $0.subject == "192.0.2.1" }?.status == .notListed)
        #expect(facts.checks.first { $0.subject == "2001:db8::1" }?.status == .unreliable)
        #expect(facts.checks.allSatisfy { $0.lookup.name.hasSuffix(".<key>.zen.dq.spamhaus.net") }, "\(facts.checks.map(\.lookup.name))")
        let json = String(decoding: try JSONOutput.encode(facts), as: UTF8.self)
        #expect(!json.contains("s3cr3tkey"), "the key is in the facts: \(json)")
    }
}
