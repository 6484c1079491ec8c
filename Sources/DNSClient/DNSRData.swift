/// The data of one resource record, converted from ldns into Swift values at once.
public enum DNSRData: Sendable, Hashable {
    case a(String)
    case aaaa(String)
    case mx(preference: UInt16, exchange: String)
    /// The character-strings of a TXT (or SPF) record, each as its raw bytes (RFC 1035 §3.3.14).
    case txt([[UInt8]])
    case cname(String)
    case ptr(String)
    case ns(String)
    case soa(mname: String, rname: String, serial: UInt32, refresh: UInt32, retry: UInt32, expire: UInt32, minimum: UInt32)
    case srv(priority: UInt16, weight: UInt16, port: UInt16, target: String)
    case tlsa(usage: UInt8, selector: UInt8, matchingType: UInt8, data: [UInt8])
    /// Any other type, in presentation format.
    /// RFC 4034 §5.1.
    case ds(keyTag: UInt16, algorithm: UInt8, digestType: UInt8, digest: [UInt8])
    /// RFC 4034 §2.1.
    case dnskey(flags: UInt16, protocolNumber: UInt8, algorithm: UInt8, publicKey: [UInt8])
    /// RFC 8659 §4.1: flags, the property tag (`issue`, `issuewild`, `iodef`, ...) and its value.
    case caa(flags: UInt8, tag: String, value: String)
    case other(String)
}

extension DNSRData {
    /// The key tag of a DNSKEY's RDATA (RFC 4034 Appendix B; algorithm 1 is not computed this
    /// way, and no validator supports it any more): nil for any other record.
    public var keyTag: UInt16? {
        guard case .dnskey(let flags, let protocolNumber, let algorithm, let publicKey) = self else { return nil }
        let rdata = [UInt8(flags >> 8), UInt8(flags & 0xff), protocolNumber, algorithm] + publicKey
        var sum: UInt32 = 0
        for (index, byte) in rdata.enumerated() { sum += index & 1 == 0 ? UInt32(byte) << 8 : UInt32(byte) }
        sum += (sum >> 16) & 0xffff
        return UInt16(sum & 0xffff)
    }
}

extension DNSRData {
    /// A fixed order for the records of one RRset: MX by preference, then exchange; SRV by
    /// priority and weight; everything else by its value.
    static func canonicallyBefore(_ a: DNSRData, _ b: DNSRData) -> Bool {
        switch (a, b) {
        case let (.mx(pa, ea), .mx(pb, eb)): return (pa, ea) < (pb, eb)
        case let (.srv(pa, wa, _, ta), .srv(pb, wb, _, tb)): return (pa, wa, ta) < (pb, wb, tb)
        case let (.txt(sa), .txt(sb)): return sa.lexicographicallyPrecedes(sb) { $0.lexicographicallyPrecedes($1) }
        default: return String(describing: a) < String(describing: b)
        }
    }
}
