/// Text from outside (DNS data, SMTP replies, certificate fields, HTTP bodies) made inert for
/// a terminal: every control character (C0, DEL, C1) and every bidirectional override or
/// isolate is written as a visible escape, so a record holding `ESC [2J`, an OSC 8 link, BEL
/// or U+202E can neither clear the screen, forge output, ring, nor reorder what follows it.
/// HTML has its own escaping (`HTMLReport.escape`); JSON escapes control characters itself.
public enum InertText {
    /// A value for a line a person reads: at most `limit` characters, then how much was left
    /// out (a 64 KB SPF record would otherwise bury the finding). Machine formats (JSON,
    /// CSV) keep values whole.
    public static func shortened(_ text: String, limit: Int = 400) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit)) + "… (\(text.count - limit) more characters)"
    }

    public static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            guard isUnsafe(scalar) else {
                result.unicodeScalars.append(scalar)
                continue
            }
            switch scalar.value {
            case 0x0A: result += "\\n"
            case 0x0D: result += "\\r"
            case 0x09: result += "\\t"
            case 0x1B: result += "\\e"
            case 0x00...0x7F: result += "\\x" + hex(scalar.value, width: 2)
            default: result += "\\u{" + hex(scalar.value, width: 4) + "}"
            }
        }
        return result
    }

    /// C0 controls, DEL, C1 controls, the bidi marks (U+200E, U+200F, U+061C), embeddings and
    /// overrides (U+202A-U+202E) and isolates (U+2066-U+2069), and the line and paragraph
    /// separators (U+2028, U+2029), which some terminals and viewers break lines at.
    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x2028...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
