enum CELLexer {
    static let symbols = ["==", "!=", "<=", ">=", "&&", "||", "<", ">", "+", "-", "*", "/", "%", "!", "?", ":",
                          "(", ")", "[", "]", "{", "}", ".", ","]

    static func tokens(_ text: String) throws(CELSyntaxError) -> [CELLexedToken] {
        let chars = Array(text)
        var index = 0
        var result: [CELLexedToken] = []
        func error(_ message: String) -> CELSyntaxError { CELSyntaxError(message: message, position: index) }
        while index < chars.count {
            let c = chars[index]
            if c.isWhitespace { index += 1; continue }
            if c == "/" && index + 1 < chars.count && chars[index + 1] == "/" {
                while index < chars.count && chars[index] != "\n" { index += 1 }
                continue
            }
            let start = index
            // String and bytes literals, with r (raw) and b (bytes) prefixes in any order.
            var prefixLength = 0
            var raw = false, isBytes = false
            while prefixLength < 2, index + prefixLength < chars.count, "rRbB".contains(chars[index + prefixLength]) {
                let p = chars[index + prefixLength]
                if p == "r" || p == "R" { raw = true } else { isBytes = true }
                prefixLength += 1
            }
            if index + prefixLength < chars.count, chars[index + prefixLength] == "\"" || chars[index + prefixLength] == "'" {
                index += prefixLength
                let bytes = try stringLiteral(chars, &index, raw: raw, bytes: isBytes)
                result.append(CELLexedToken(token: isBytes ? .bytes(bytes) : .string(String(decoding: bytes, as: UTF8.self)), position: start))
                continue
            }
            if c.isNumber || (c == "." && index + 1 < chars.count && chars[index + 1].isNumber) {
                result.append(CELLexedToken(token: try number(chars, &index), position: start))
                continue
            }
            if c.isLetter || c == "_" {
                var name = ""
                while index < chars.count, chars[index].isLetter || chars[index].isNumber || chars[index] == "_" {
                    name.append(chars[index]); index += 1
                }
                result.append(CELLexedToken(token: .identifier(name), position: start))
                continue
            }
            if c == "`" {
                index += 1
                var name = ""
                while index < chars.count && chars[index] != "`" { name.append(chars[index]); index += 1 }
                guard index < chars.count else { throw error("unclosed `") }
                index += 1
                result.append(CELLexedToken(token: .quotedIdentifier(name), position: start))
                continue
            }
            if let symbol = symbols.first(where: { symbol in
                symbol.count <= chars.count - index && String(chars[index..<(index + symbol.count)]) == symbol
            }) {
                index += symbol.count
                result.append(CELLexedToken(token: .symbol(symbol), position: start))
                continue
            }
            throw error("unexpected character '\(c)'")
        }
        result.append(CELLexedToken(token: .end, position: chars.count))
        return result
    }

    private static func number(_ chars: [Character], _ index: inout Int) throws(CELSyntaxError) -> CELToken {
        let start = index
        if chars[index] == "0", index + 1 < chars.count, chars[index + 1] == "x" || chars[index + 1] == "X" {
            index += 2
            var digits = ""
            while index < chars.count, chars[index].isHexDigit { digits.append(chars[index]); index += 1 }
            if index < chars.count, chars[index] == "u" || chars[index] == "U" {
                index += 1
                guard let value = UInt64(digits, radix: 16) else { throw CELSyntaxError(message: "hex literal out of range", position: start) }
                return .uint(value)
            }
            guard let value = Int64(digits, radix: 16) else { throw CELSyntaxError(message: "hex literal out of range", position: start) }
            return .int(value)
        }
        var text = ""
        var isDouble = false
        while index < chars.count, chars[index].isNumber { text.append(chars[index]); index += 1 }
        if index + 1 < chars.count, chars[index] == ".", chars[index + 1].isNumber {
            isDouble = true
            text.append("."); index += 1
            while index < chars.count, chars[index].isNumber { text.append(chars[index]); index += 1 }
        }
        if index < chars.count, chars[index] == "e" || chars[index] == "E" {
            var look = index + 1
            if look < chars.count, chars[look] == "+" || chars[look] == "-" { look += 1 }
            if look < chars.count, chars[look].isNumber {
                isDouble = true
                text += String(chars[index..<look]); index = look
                while index < chars.count, chars[index].isNumber { text.append(chars[index]); index += 1 }
            }
        }
        if isDouble {
            guard let value = Double(text) else { throw CELSyntaxError(message: "bad number '\(text)'", position: start) }
            return .double(value)
        }
        if index < chars.count, chars[index] == "u" || chars[index] == "U" {
            index += 1
            guard let value = UInt64(text) else { throw CELSyntaxError(message: "uint literal out of range", position: start) }
            return .uint(value)
        }
        // The magnitude of the most negative int is only valid after a minus sign;
        // the parser negates it.
        if text == "9223372036854775808" { return .intMinMagnitude }
        guard let value = Int64(text) else { throw CELSyntaxError(message: "int literal out of range", position: start) }
        return .int(value)
    }

    /// A quoted literal ('...', "...", '''...''' or """..."""), as UTF-8 bytes.
    private static func stringLiteral(_ chars: [Character], _ index: inout Int, raw: Bool, bytes: Bool) throws(CELSyntaxError) -> [UInt8] {
        let start = index
        let quote = chars[index]
        let triple = index + 2 < chars.count && chars[index + 1] == quote && chars[index + 2] == quote
        index += triple ? 3 : 1
        var out: [UInt8] = []
        func append(_ c: Character) { out += Array(String(c).utf8) }
        while true {
            guard index < chars.count else { throw CELSyntaxError(message: "unclosed string", position: start) }
            let c = chars[index]
            if triple {
                if c == quote, index + 2 < chars.count, chars[index + 1] == quote, chars[index + 2] == quote { index += 3; return out }
            } else if c == quote {
                index += 1; return out
            } else if c == "\n" {
                throw CELSyntaxError(message: "newline in a string", position: index)
            }
            if c == "\\" && !raw {
                index += 1
                guard index < chars.count else { throw CELSyntaxError(message: "unclosed string", position: start) }
                let e = chars[index]
                index += 1
                switch e {
                case "n": out.append(0x0a)
                case "r": out.append(0x0d)
                case "t": out.append(0x09)
                case "a": out.append(0x07)
                case "b": out.append(0x08)
                case "f": out.append(0x0c)
                case "v": out.append(0x0b)
                case "\\", "'", "\"", "`", "?": append(e)
                case "x", "X", "u", "U":
                    let count = (e == "x" || e == "X") ? 2 : (e == "u" ? 4 : 8)
                    guard index + count <= chars.count, let value = UInt32(String(chars[index..<(index + count)]), radix: 16) else {
                        throw CELSyntaxError(message: "bad \\\(e) escape", position: index)
                    }
                    index += count
                    if bytes && (e == "x" || e == "X") {
                        out.append(UInt8(value))
                    } else {
                        guard let scalar = Unicode.Scalar(value) else { throw CELSyntaxError(message: "bad code point", position: index) }
                        append(Character(scalar))
                    }
                case "0"..."7":
                    guard index + 2 <= chars.count, let value = UInt32(String(e) + String(chars[index..<(index + 2)]), radix: 8) else {
                        throw CELSyntaxError(message: "bad octal escape", position: index)
                    }
                    index += 2
                    if bytes {
                        out.append(UInt8(truncatingIfNeeded: value))
                    } else {
                        guard let scalar = Unicode.Scalar(value) else { throw CELSyntaxError(message: "bad code point", position: index) }
                        append(Character(scalar))
                    }
                default:
                    throw CELSyntaxError(message: "unknown escape \\\(e)", position: index - 1)
                }
                continue
            }
            append(c)
            index += 1
        }
    }
}
