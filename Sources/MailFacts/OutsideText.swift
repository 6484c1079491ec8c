/// Bytes from outside (DNS, SMTP, HTTP, certificates) as text, with nothing dropped
/// silently: valid UTF-8 is kept as it is, and every byte that is not part of a valid UTF-8
/// sequence is written `\xHH`, so that a report shows which bytes were there (a U+FFFD
/// replacement would hide them, and look like a real U+FFFD).
public enum OutsideText {
    public static func decode(_ bytes: some Collection<UInt8>) -> String {
        let array = Array(bytes)
        if let text = String(validating: array, as: UTF8.self) { return text }
        var result = ""
        result.reserveCapacity(array.count + 16)
        var index = 0
        while index < array.count {
            let length = validSequenceLength(array, at: index)
            if length > 0 {
                result += String(decoding: array[index..<index + length], as: UTF8.self)
                index += length
            } else {
                let hex = String(array[index], radix: 16, uppercase: true)
                result += "\\x" + (hex.count == 1 ? "0" + hex : hex)
                index += 1
            }
        }
        return result
    }

    /// The length of the valid UTF-8 sequence at `index` (RFC 3629 §4: no overlong forms, no
    /// surrogates, nothing above U+10FFFF), or 0.
    private static func validSequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        let (length, low, high): (Int, UInt8, UInt8)
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: (length, low, high) = (2, 0x80, 0xBF)
        case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (length, low, high) = (3, 0x80, 0xBF)
        case 0xED: (length, low, high) = (3, 0x80, 0x9F)
        case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
        case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
        case 0xF4: (length, low, high) = (4, 0x80, 0x8F)
        default: return 0
        }
        guard index + length <= bytes.count, (low...high).contains(bytes[index + 1]) else { return 0 }
        for offset in 2..<max(2, length) where !(0x80...0xBF).contains(bytes[index + offset]) { return 0 }
        return length
    }
}
