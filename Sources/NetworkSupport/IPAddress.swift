#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address as bytes: parsed from text and printed back through the C
/// library's inet_pton/inet_ntop, matched against networks (RFC 7208 §5.6), turned into its
/// reverse-mapping name. The one address type of every module.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    public enum Family: String, Sendable {
        case ipv4, ipv6
    }

    /// 4 bytes (IPv4) or 16 bytes (IPv6).
    public let bytes: [UInt8]

    public var isIPv4: Bool { bytes.count == 4 }
    public var family: Family { isIPv4 ? .ipv4 : .ipv6 }

    public init?(_ text: String) {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            bytes = withUnsafeBytes(of: &v4) { Array($0) }
            return
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            bytes = withUnsafeBytes(of: &v6) { Array($0) }
            return
        }
        return nil
    }

    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = Array(bytes)
    }

    /// The address text in its canonical form (`2001:db8::1`), or the text itself when it is
    /// not an address.
    public static func canonical(_ text: String) -> String {
        IPAddress(text)?.description ?? text
    }

    /// An IPv4-mapped IPv6 address (::ffff:a.b.c.d) as the IPv4 address it carries;
    /// SPF treats such a client as IPv4 (RFC 7208 §5: "IPv4-mapped IPv6 addresses").
    public var unmapped: IPAddress {
        guard bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff else { return self }
        return IPAddress(bytes: bytes[12..<16])!
    }

    /// True when the first `prefix` bits equal those of `network` (same family only).
    public func isIn(_ network: IPAddress, prefix: Int) -> Bool {
        guard network.bytes.count == bytes.count else { return false }
        var remaining = prefix
        for index in bytes.indices where remaining > 0 {
            let bits = min(8, remaining)
            let mask: UInt8 = bits == 8 ? 0xff : ~(0xff >> UInt8(bits))
            if bytes[index] & mask != network.bytes[index] & mask { return false }
            remaining -= bits
        }
        return true
    }

    /// The canonical text: dotted quad, or RFC 5952 compressed lower-case IPv6.
    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let family = isIPv4 ? AF_INET : AF_INET6
        _ = bytes.withUnsafeBytes { inet_ntop(family, $0.baseAddress, &buffer, socklen_t(buffer.count)) }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The name under in-addr.arpa (RFC 1035 §3.5) or ip6.arpa (RFC 3596 §2.5), without the
    /// trailing dot.
    public var reverseName: String {
        reversedLabels + (isIPv4 ? ".in-addr.arpa" : ".ip6.arpa")
    }

    /// The address as reversed labels, without a suffix: the octets of IPv4 (`2.0.0.127`),
    /// the nibbles of IPv6. The key of reverse mapping and of DNS lists (RFC 5782 §2.1, §2.4).
    public var reversedLabels: String {
        isIPv4 ? bytes.reversed().map(String.init).joined(separator: ".") : nibbles.reversed().joined(separator: ".")
    }

    /// The 32 hexadecimal nibbles of an IPv6 address, most significant first.
    public var nibbles: [String] {
        let hex = Array("0123456789abcdef")
        return bytes.flatMap { [String(hex[Int($0 >> 4)]), String(hex[Int($0 & 0x0f)])] }
    }
}
