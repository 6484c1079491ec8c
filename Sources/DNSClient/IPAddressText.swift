#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Conversions between IP address text and bytes, through the C library's inet_pton/inet_ntop.
public enum IPAddressText {
    public static func ipv4Bytes(_ text: String) -> [UInt8]? {
        var addr = in_addr()
        guard inet_pton(AF_INET, text, &addr) == 1 else { return nil }
        return withUnsafeBytes(of: &addr) { Array($0) }
    }

    public static func ipv6Bytes(_ text: String) -> [UInt8]? {
        var addr = in6_addr()
        guard inet_pton(AF_INET6, text, &addr) == 1 else { return nil }
        return withUnsafeBytes(of: &addr) { Array($0) }
    }

    /// The canonical text of 4 (IPv4) or 16 (IPv6) address bytes; nil for any other length.
    public static func text(_ bytes: some Collection<UInt8>) -> String? {
        let family: Int32
        switch bytes.count {
        case 4: family = AF_INET
        case 16: family = AF_INET6
        default: return nil
        }
        let input = Array(bytes)
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let ok = input.withUnsafeBytes { raw in
            inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count)) != nil
        }
        guard ok else { return nil }
        return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The reverse-mapping name of an address (RFC 1035 §3.5 in-addr.arpa, RFC 3596 §2.5 ip6.arpa).
    public static func reverseName(_ text: String) -> String? {
        if let v4 = ipv4Bytes(text) {
            return v4.reversed().map(String.init).joined(separator: ".") + ".in-addr.arpa."
        }
        if let v6 = ipv6Bytes(text) {
            let hex = Array("0123456789abcdef")
            var nibbles: [String] = []
            for byte in v6.reversed() {
                nibbles.append(String(hex[Int(byte & 0x0f)]))
                nibbles.append(String(hex[Int(byte >> 4)]))
            }
            return nibbles.joined(separator: ".") + ".ip6.arpa."
        }
        return nil
    }
}
