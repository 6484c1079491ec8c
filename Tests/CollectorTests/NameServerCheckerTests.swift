@testable import Collector
import DNSClient
import MailFacts
import NetworkSupport
import Testing

/// How one server's replies are read (pure: replies made here; the lab tests ask real NSD).
@Suite("Name-server checks: reading one server's replies")
struct NameServerCheckerTests {
    static func reply(rcode: UInt16 = 0, aa: Bool = false, ra: Bool = false, edns: Bool = true, version: UInt8 = 0) -> ServerReply {
        var reply = ServerReply(outcome: .response)
        reply.rcode = rcode
        reply.authoritative = aa
        reply.recursionAvailable = ra
        reply.hasEDNS = edns
        reply.ednsVersion = version
        return reply
    }

    @Test("authority: AA is authoritative, NOERROR without AA is lame, REFUSED and others are named, silence is not a verdict")
    func classify() {
        #expect(NameServerChecker.classify(Self.reply(aa: true)).0 == .authoritative)
        #expect(NameServerChecker.classify(Self.reply()).0 == .notAuthoritative)
        #expect(NameServerChecker.classify(Self.reply(rcode: 5)).0 == .refused)
        #expect(NameServerChecker.classify(Self.reply(rcode: 2)) == (.otherRcode, "SERVFAIL"))
        #expect(NameServerChecker.classify(ServerReply(outcome: .timeout)).0.isSilent)
    }

    @Test("EDNS version 1 (RFC 6891 §6.1.3): BADVERS is right; ignored, no OPT, FORMERR and silence are not")
    func edns() {
        #expect(NameServerChecker.edns(Self.reply(rcode: 16)).0 == "badvers")
        #expect(NameServerChecker.edns(Self.reply(rcode: 0, version: 0)).0 == "ignored")
        #expect(NameServerChecker.edns(Self.reply(rcode: 0, edns: false)).0 == "no-edns")
        #expect(NameServerChecker.edns(Self.reply(rcode: 1, edns: false)).0 == "formerr")
        #expect(NameServerChecker.edns(ServerReply(outcome: .timeout)).0 == "no-answer")
    }

    @Test("recursion: an answer with RA, or an NXDOMAIN without AA, is recursion; RA on a refusal, an authoritative NXDOMAIN (a server of the root) are not; a timeout is not tested")
    func recursion() {
        #expect(NameServerChecker.recursion(Self.reply(rcode: 0, ra: true)) == "offered")
        #expect(NameServerChecker.recursion(Self.reply(rcode: 5, ra: true)) == "not-offered")
        #expect(NameServerChecker.recursion(Self.reply(rcode: 3)) == "offered")
        #expect(NameServerChecker.recursion(Self.reply(rcode: 3, aa: true)) == "not-offered")
        #expect(NameServerChecker.recursion(Self.reply(rcode: 5)) == "not-offered")
        #expect(NameServerChecker.recursion(ServerReply(outcome: .timeout)) == "not-tested")
    }

    @Test("AXFR: a transfer that begins with the SOA is allowed; a refusal or a closed connection is refused; a timeout is not tested")
    func axfr() {
        var allowed = Self.reply(aa: true)
        allowed.answer = [DNSRecord(name: "example.org.", type: .SOA, ttl: 1, data: .soa(mname: "a.", rname: "b.", serial: 1, refresh: 1, retry: 1, expire: 1, minimum: 1))]
        #expect(NameServerChecker.axfr(allowed) == "allowed")
        #expect(NameServerChecker.axfr(Self.reply(rcode: 5)) == "refused")
        #expect(NameServerChecker.axfr(ServerReply(outcome: .networkError("closed"))) == "refused")
        #expect(NameServerChecker.axfr(ServerReply(outcome: .timeout)) == "not-tested")
    }

    @Test("no route here (a host without IPv6) is told from a server that does not answer; /24 and /48 networks")
    func noRouteAndPrefixes() {
        #expect(NameServerChecker.isNoRoute(ServerReply(outcome: .networkError("connect to [2001:db8::53]:53: Network is unreachable"))))
        #expect(!NameServerChecker.isNoRoute(ServerReply(outcome: .networkError("receive from 192.0.2.1: Connection refused"))))
        #expect(!NameServerChecker.isNoRoute(ServerReply(outcome: .timeout)))
        #expect(NameServerChecker.prefix(of: IPAddress("192.0.2.77")!) == "192.0.2.0/24")
        #expect(NameServerChecker.prefix(of: IPAddress("2001:db8:1:2::53")!) == "2001:db8:1::/48")
    }
}
