import Foundation
import MailFacts
import NetworkSupport
import Testing
@testable import MailRecords

@Suite("SPF records and policy analysis")
struct SPFRecordTests {
    @Test("a record with errors keeps every term that parsed, and each error names its term")
    func keepsParsedData() {
        let record = SPFRecord("v=spf1 ip4:192.0.2.0/24 ip4:192.0.2.1/33 include:_spf.example.org foo -all")
        #expect(!record.isValid)
        #expect(record.directives.map(\.text) == ["ip4:192.0.2.0/24", "include:_spf.example.org", "-all"])
        #expect(record.errors.map(\.position) == [2, 4])
        #expect(record.errors.map(\.term) == ["ip4:192.0.2.1/33", "foo"])
        #expect(record.errors[1].message.contains("unknown mechanism"))
    }

    @Test("qualifiers, dual CIDR lengths, and names with colons and slashes (RFC 7208 §5.3, §5.4)")
    func mechanisms() throws {
        let record = SPFRecord("v=spf1 ~a/24//64 -mx:mail.example.org/28 ?a:foo:bar/baz.example.com +ptr exists:%{ir}.bl.example.org")
        #expect(record.isValid)
        let directives = record.directives
        #expect(directives.map(\.qualifier) == [.softfail, .fail, .neutral, .pass, .pass])
        guard case .a(nil, let cidr4, let cidr6) = directives[0].mechanism else { Issue.record("not a/24//64"); return }
        #expect(cidr4 == 24 && cidr6 == 64)
        guard case .a(let spec?, nil, nil) = directives[2].mechanism else { Issue.record("not a:foo:bar/baz"); return }
        #expect(spec.text == "foo:bar/baz.example.com")
        guard case .exists(let exists) = directives[4].mechanism else { Issue.record("not exists"); return }
        #expect(exists.usedLetters == ["i"])
    }

    @Test("what is not an SPF record, and what has a syntax error", arguments: [
        ("v=spf1", true), ("V=SPF1 -all", true), ("v=spf1mx", false), ("v=spf10 -all", false), ("spf1 -all", false),
    ])
    func selection(text: String, isSPF: Bool) {
        #expect(SPFRecord.isSPF(text) == isSPF)
    }

    @Test("syntax errors", arguments: [
        "v=spf1 ip4:192.0.2.1/032", "v=spf1 a:museum", "v=spf1 include:", "v=spf1 redirect=a.test redirect=b.test",
        "v=spf1 exists:%{x}.example.org", "v=spf1 ptr/24", "v=spf1 =foo", "v=spf1 a:%{c}.example.org", "v=spf1 ip6:192.0.2.1",
    ])
    func syntaxErrors(text: String) {
        #expect(!SPFRecord(text).isValid)
    }

    @Test("macro expansion (RFC 7208 §7.4 examples)")
    func macros() throws {
        let context = SPFMacroContext(sender: "strong-bad@email.example.com", localPart: "strong-bad", senderDomain: "email.example.com",
                                      domain: "email.example.com", ip: IPAddress("192.0.2.3")!, helo: "mx.example.org",
                                      receiver: "unknown", timestamp: 0, validatedName: "mx.example.org")
        let cases: [(String, String)] = [
            ("%{s}", "strong-bad@email.example.com"), ("%{o}", "email.example.com"), ("%{d2}", "example.com"),
            ("%{d4}", "email.example.com"), ("%{dr}", "com.example.email"), ("%{d2r}", "example.email"),
            ("%{l}", "strong-bad"), ("%{l-}", "strong.bad"), ("%{lr}", "strong-bad"), ("%{lr-}", "bad.strong"),
            ("%{l1r-}", "strong"), ("%{ir}.%{v}._spf.%{d2}", "3.2.0.192.in-addr._spf.example.com"),
            ("%{lr-}.lp._spf.%{d2}", "bad.strong.lp._spf.example.com"),
        ]
        for (text, expected) in cases {
            #expect(try SPFMacroString(text).expand(context) == expected, "\(text)")
        }
        var v6 = context
        v6.ip = IPAddress("2001:db8::cb01")!
        #expect(try SPFMacroString("%{ir}.%{v}._spf.%{d2}").expand(v6)
                == "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com")
    }

    private func analyzer(_ zone: [String: Any]) -> SPFAnalyzer {
        SPFAnalyzer(resolver: ZoneDataResolver(zone))
    }

    /// Counts the questions an analysis asks.
    final class CountingResolver: SPFResolver, @unchecked Sendable {
        let inner: ZoneDataResolver
        private let lock = NSLock()
        private var asked = 0
        init(_ inner: ZoneDataResolver) { self.inner = inner }
        var count: Int { lock.withLock { asked } }
        private func note() { lock.withLock { asked += 1 } }
        func txt(_ name: String) async -> RecordLookup<[String]> { note(); return await inner.txt(name) }
        func addresses(_ name: String, ipv6: Bool) async -> RecordLookup<[IPAddress]> { note(); return await inner.addresses(name, ipv6: ipv6) }
        func mx(_ name: String) async -> RecordLookup<[String]> { note(); return await inner.mx(name) }
        func ptr(_ address: IPAddress) async -> RecordLookup<[String]> { note(); return await inner.ptr(address) }
    }

    @Test("analysis of a hostile record (thousands of a: terms, hundreds of includes with no record) stays within its query budget")
    func analysisQueryBudget() async {
        let terms = (0..<3000).map { "a:h\($0).example.test" } + (0..<300).map { "include:missing\($0).example.test" }
        let resolver = CountingResolver(ZoneDataResolver(["example.test": [["TXT": "v=spf1 " + terms.joined(separator: " ") + " -all"]]]))
        let facts = await SPFAnalyzer(resolver: resolver).analyze("example.test")
        #expect(resolver.count <= SPFAnalyzer.maximumQueries + 1, "the record itself, then at most the budget")
        #expect(facts.status == .invalid || facts.status == .valid)
        #expect(facts.problems.contains { $0.message.contains("more than \(SPFAnalyzer.maximumQueries) DNS queries") })
    }

    @Test("analysis: lookups over the include/redirect tree, the all reached through redirect")
    func analysisTree() async {
        let facts = await analyzer([
            "example.test": [["TXT": "v=spf1 mx include:_spf.example.test redirect=tail.example.test"], ["MX": [10, "mx.example.test"]]],
            "_spf.example.test": [["TXT": "v=spf1 ip4:192.0.2.0/24 a:host.example.test ?all"]],
            "host.example.test": [["A": "192.0.2.9"]],
            "tail.example.test": [["TXT": "v=spf1 ptr ~all"]],
        ]).analyze("example.test")
        #expect(facts.status == .valid)
        #expect(facts.dnsLookups == 5, "mx, include, a (inside), redirect, ptr")
        #expect(facts.effectiveAll == "~all" && facts.allReachedVia == ["example.test", "tail.example.test"])
        #expect(facts.usesPTR && !facts.usesMacros)
        #expect(facts.tree?.children.map(\.via) == [.include, .redirect])
    }

    @Test("analysis: over the limits, loops and missing targets, with the tree kept")
    func analysisProblems() async {
        var zone: [String: Any] = [
            "big.test": [["TXT": "v=spf1 " + (1...11).map { "include:i\($0).big.test" }.joined(separator: " ") + " -all"]],
            "loop.test": [["TXT": "v=spf1 include:loop2.test -all"]],
            "loop2.test": [["TXT": "v=spf1 include:loop.test ?all"]],
            "void.test": [["TXT": "v=spf1 a:nx1.void.test mx:nx2.void.test exists:nx3.void.test include:none.void.test -all"]],
            "none.void.test": [["A": "192.0.2.1"]],
            "after.test": [["TXT": "v=spf1 -all ip4:192.0.2.1"]],
        ]
        for index in 1...11 { zone["i\(index).big.test"] = [["TXT": "v=spf1 ?all"]] }
        let big = await analyzer(zone).analyze("big.test")
        #expect(big.status == .invalid && big.lookupLimitExceeded && big.dnsLookups == 11)
        #expect(big.tree?.children.count == 11, "the whole tree is kept")
        let loop = await analyzer(zone).analyze("loop.test")
        #expect(loop.loops == ["loop.test → loop2.test → loop.test"])
        let void = await analyzer(zone).analyze("void.test")
        #expect(void.voidLookups == 3 && void.voidLimitExceeded)
        #expect(void.problems.contains { $0.message.contains("none.void.test has no SPF record") })
        let after = await analyzer(zone).analyze("after.test")
        #expect(after.termsAfterAll == ["after.test: ip4:192.0.2.1"])
        #expect(after.status == .valid)
    }
}
