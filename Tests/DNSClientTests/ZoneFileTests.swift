import DNSClient
import Foundation
import Testing

/// A zone file answering as its servers will (`--zone-file`): records, empty non-terminals,
/// wildcards, CNAMEs (exact and through a wildcard) in and out of the zone, delegations.
@Suite("Zone files: parsed by ldns, answered as served")
struct ZoneFileTests {
    /// The resolver beside the file: every question it gets is answered with one address.
    struct Resolver: DNSLookup {
        func answer(_ question: DNSQuestion) async -> DNSAnswer {
            var answer = DNSAnswer(question: question, outcome: .records)
            answer.records = [DNSRecord(name: question.name, type: .A, ttl: 1, data: .a("198.51.100.7"))]
            answer.server = "resolver"
            return answer
        }
    }

    static func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("zone-\(UUID()).zone").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let zone = """
        $ORIGIN example.org.
        $TTL 300
        @        SOA ns.example.net. hostmaster.example.org. 1 14400 3600 1209600 300
        @        NS  ns.example.net.
        @        MX  10 mail
        mail     A   192.0.2.1
        *.web    CNAME mail
        *.out    CNAME host.elsewhere.example.
        a.b      TXT "below an empty non-terminal"
        *.w      TXT "wild"
        sub      NS  ns.sub.example.org.

        """

    @Test("records, NODATA at an empty non-terminal, NXDOMAIN, wildcards, CNAMEs exact and by wildcard, delegations through the resolver")
    func answers() async throws {
        let lookup = ZoneFileLookup(base: Resolver(), file: try ZoneFile.read(try Self.file(Self.zone), origin: "example.org"))
        let mail = await lookup.query("mail.example.org.", .A)
        #expect(mail.outcome == .records && mail.authoritative && mail.server?.hasPrefix("zone file") == true)
        #expect(await lookup.query("b.example.org.", .TXT).outcome == .nodata, "an empty non-terminal exists (RFC 8020)")
        #expect(await lookup.query("nothing.example.org.", .A).outcome == .nxdomain)
        let wild = await lookup.query("q.w.example.org.", .TXT)
        #expect(wild.outcome == .records && wild.records.first?.name == "q.w.example.org.")
        // A wildcard CNAME is followed in the zone (RFC 4592 §4.3)...
        let web = await lookup.query("shop.web.example.org.", .A)
        #expect(web.outcome == .records && web.cnameChain == ["mail.example.org."] && web.records.map(\.data) == [.a("192.0.2.1")], "\(web)")
        // ...and out of it through the resolver.
        let out = await lookup.query("x.out.example.org.", .A)
        #expect(out.server == "resolver" && out.cnameChain == ["host.elsewhere.example."], "\(out)")
        // Below a delegation inside the zone, and outside it: the resolver.
        #expect(await lookup.query("host.sub.example.org.", .A).server == "resolver")
        #expect(await lookup.query("example.net.", .A).server == "resolver")
    }

    @Test("$INCLUDE is refused and a bad record named by its line, each in one line; a file without the zone's SOA is refused")
    func refusals() throws {
        #expect(throws: ZoneFileError.self) { try ZoneFile.read(try Self.file("$ORIGIN example.org.\n$INCLUDE /etc/passwd\n"), origin: "example.org") }
        let include = try Self.file("$INCLUDE other.zone\n")
        do {
            _ = try ZoneFile.read(include, origin: "example.org")
            Issue.record("$INCLUDE was read")
        } catch {
            #expect(error.description.hasSuffix(":1: $INCLUDE is not followed (an audit reads only the file it is given); put the included records in the file"))
        }
        let bad = try Self.file(Self.zone + "mx2 MX ten mail\n")
        do {
            _ = try ZoneFile.read(bad, origin: "example.org")
            Issue.record("a record with a bad preference was read")
        } catch {
            #expect(error.description.contains(".zone:12: ") && !error.description.contains("\n"), "\(error)")
        }
        #expect(throws: ZoneFileError.self) { try ZoneFile.read(try Self.file(Self.zone), origin: "example.com") }
    }
}
