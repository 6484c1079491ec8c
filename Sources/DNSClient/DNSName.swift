/// Small helpers for names in presentation form.
public enum DNSName {
    /// The absolute, lower-cased form of a name: `Example.ORG` becomes `example.org.`.
    /// DNS names compare case-insensitively (RFC 4343); lower-casing only ASCII keeps escapes intact.
    public static func absolute(_ name: String) -> String {
        var bytes = Array(name.utf8)
        if bytes.isEmpty || bytes == [UInt8(ascii: ".")] { return "." }
        for index in bytes.indices where bytes[index] >= 65 && bytes[index] <= 90 { bytes[index] += 32 }
        let escapedDot = bytes.count >= 2 && bytes[bytes.count - 2] == UInt8(ascii: "\\")
        if bytes.last != UInt8(ascii: ".") || escapedDot { bytes.append(UInt8(ascii: ".")) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Two names are the same name (RFC 4343 case-insensitive comparison, trailing dot optional).
    public static func equal(_ lhs: String, _ rhs: String) -> Bool {
        absolute(lhs) == absolute(rhs)
    }
}
