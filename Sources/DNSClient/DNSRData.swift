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
    case other(String)
}
