/// Small helpers for names in presentation form.
public enum DNSName {
    /// The absolute, lower-cased, canonically escaped form of a name: `Example.ORG` becomes
    /// `example.org.`. DNS names compare case-insensitively (RFC 4343), and a label may hold
    /// any octet (RFC 2181 §11): a space, a backslash or a non-ASCII byte (as SPF macros
    /// produce) is written `\DDD`, whether it came in raw, as `\DDD` or as `\X`, so that the
    /// name asked and the owner names ldns prints compare equal.
    /// Whether `name` is `zone` or below it (both in any case, with or without the final dot).
    static func isAtOrBelow(_ name: String, _ zone: String) -> Bool {
        let name = absolute(name).lowercased(), zone = absolute(zone).lowercased()
        return zone == "." || name == zone || name.hasSuffix("." + zone)
    }

    public static func absolute(_ name: String) -> String {
        var bytes = Array(name.utf8)
        if bytes.isEmpty || bytes == [UInt8(ascii: ".")] { return "." }
        if !bytes.contains(where: { $0 == backslash || needsEscape($0) }) {
            // The common case: letters, digits, '-', '_', '.': lower-case ASCII only.
            for index in bytes.indices where bytes[index] >= 65 && bytes[index] <= 90 { bytes[index] += 32 }
            if bytes.last != UInt8(ascii: ".") { bytes.append(UInt8(ascii: ".")) }
            return String(decoding: bytes, as: UTF8.self)
        }
        // An escape no DNS name can hold (\256 and up) is left for ldns to refuse.
        guard let labels = labels(of: bytes) else { return String(decoding: bytes, as: UTF8.self) }
        return canonical(labels)
    }

    /// Two names are the same name (RFC 4343 case-insensitive comparison, trailing dot optional).
    public static func equal(_ lhs: String, _ rhs: String) -> Bool {
        absolute(lhs) == absolute(rhs)
    }

    /// A name whose labels are raw octets separated by dots (an SPF domain-spec after macro
    /// expansion, RFC 7208 §7): a backslash in it is an octet, not an escape.
    public static func fromRawLabels(_ name: String) -> String {
        absolute(name.replacingOccurrences(of: "\\", with: "\\092"))
    }

    /// A name from DNS (canonical presentation form) as raw text, escapes resolved, for an SPF
    /// evaluation that treats names as raw labels (`fromRawLabels` turns it back): the
    /// exchange of an `mx` term or a PTR name is asked again by its octets, not its escapes.
    /// Octets that are not UTF-8 do not survive the trip.
    public static func unescaped(_ name: String) -> String {
        guard name.utf8.contains(backslash), let labels = labels(of: Array(name.utf8)) else { return name }
        return labels.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ".")
    }

    private static let backslash = UInt8(ascii: "\\")

    /// Octets written as `\DDD` in the canonical form: controls, space, non-ASCII and the
    /// characters that mean something in presentation form.
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte <= 0x20 || byte >= 0x7f || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")")
            || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "@") || byte == UInt8(ascii: "$")
    }

    /// The labels of a presentation-form name, escapes resolved (RFC 1035 §5.1); nil for a
    /// `\DDD` above 255.
    private static func labels(of bytes: [UInt8]) -> [[UInt8]]? {
        var labels: [[UInt8]] = [[]]
        var index = 0
        func digit(_ at: Int) -> UInt8? {
            at < bytes.count && bytes[at] >= 48 && bytes[at] <= 57 ? bytes[at] - 48 : nil
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == backslash, index + 1 < bytes.count {
                if let a = digit(index + 1), let b = digit(index + 2), let c = digit(index + 3) {
                    guard Int(a) * 100 + Int(b) * 10 + Int(c) <= 255 else { return nil }
                    labels[labels.count - 1].append(a * 100 + b * 10 + c)
                    index += 4
                } else {
                    labels[labels.count - 1].append(bytes[index + 1])
                    index += 2
                }
            } else if byte == UInt8(ascii: ".") {
                labels.append([])
                index += 1
            } else {
                labels[labels.count - 1].append(byte)
                index += 1
            }
        }
        if labels.count > 1, labels.last?.isEmpty == true { labels.removeLast() }
        return labels
    }

    private static func canonical(_ labels: [[UInt8]]) -> String {
        var out: [UInt8] = []
        for label in labels {
            for var byte in label {
                if byte >= 65 && byte <= 90 { byte += 32 }
                if needsEscape(byte) || byte == backslash || byte == UInt8(ascii: ".") {
                    out += [backslash, 48 + byte / 100, 48 + (byte / 10) % 10, 48 + byte % 10]
                } else {
                    out.append(byte)
                }
            }
            out.append(UInt8(ascii: "."))
        }
        return String(decoding: out, as: UTF8.self)
    }
}
