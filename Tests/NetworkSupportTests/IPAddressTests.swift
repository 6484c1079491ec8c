import NetworkSupport
import Testing

@Suite("IPAddress: the one address type")
struct IPAddressTests {
    @Test("text in, canonical text out; families; reverse names; networks")
    func addresses() throws {
        let v6 = try #require(IPAddress("2001:DB8:0:0::1"))
        #expect(v6.description == "2001:db8::1" && v6.family == .ipv6 && !v6.isIPv4)
        #expect(IPAddress.canonical("2001:0db8::0001") == "2001:db8::1" && IPAddress.canonical("not an address") == "not an address")
        let v4 = try #require(IPAddress("192.0.2.10"))
        #expect(v4.family == .ipv4 && v4.reverseName == "10.2.0.192.in-addr.arpa")
        let net = try #require(IPAddress("192.0.2.0")), other = try #require(IPAddress("192.0.3.0"))
        #expect(v4.isIn(net, prefix: 24) && !v4.isIn(other, prefix: 24) && v4.isIn(other, prefix: 23))
        #expect(IPAddress("::ffff:192.0.2.10")?.unmapped == v4)
        #expect(IPAddress("192.0.2.256") == nil && IPAddress(bytes: [1, 2, 3]) == nil)
    }
}
