
/// A macro-string (RFC 7208 §7.1): literal text and macros such as `%{ir}` to be expanded
/// for each evaluation.
public struct SPFMacroString: Sendable, Hashable, CustomStringConvertible {
    public enum Token: Sendable, Hashable {
        case literal(String)
        /// `%{letter digits r delimiters}`; an upper-case letter asks for URL escaping.
        case macro(letter: Character, urlEscape: Bool, keep: Int?, reverse: Bool, delimiters: String)
    }

    public let tokens: [Token]
    /// The text as published.
    public let text: String

    public var description: String { text }

    /// The macro letters of §7.2; `c`, `r` and `t` only in explanation strings.
    static let letters: Set<Character> = ["s", "l", "o", "d", "i", "p", "h", "c", "r", "t", "v"]
    static let explanationOnly: Set<Character> = ["c", "r", "t"]

    /// Parses `text`. `explanation` allows the letters c, r, t and spaces (explain-string, §6.2).
    public init(_ text: String, explanation: Bool = false) throws(SPFSyntaxError) {
        self.text = text
        var tokens: [Token] = []
        var literal = ""
        let characters = Array(text.unicodeScalars)
        var index = 0
        func flush() {
            if !literal.isEmpty { tokens.append(.literal(literal)); literal = "" }
        }
        while index < characters.count {
            let scalar = characters[index]
            if scalar == "%" {
                guard index + 1 < characters.count else {
                    throw SPFSyntaxError("'%' at the end of '\(text)' starts no macro (write %% for a percent sign)")
                }
                let next = characters[index + 1]
                switch next {
                case "%": literal.append("%"); index += 2
                case "_": literal.append(" "); index += 2
                case "-": literal.append("%20"); index += 2
                case "{":
                    guard let close = characters[(index + 2)...].firstIndex(of: "}") else {
                        throw SPFSyntaxError("unclosed macro '%{' in '\(text)'")
                    }
                    let body = Array(characters[(index + 2)..<close])
                    flush()
                    tokens.append(try Self.macro(body, in: text, explanation: explanation))
                    index = close + 1
                default:
                    throw SPFSyntaxError("'%\(next)' in '\(text)' is not a macro (use %{x}, %%, %_ or %-)")
                }
                continue
            }
            // macro-literal = %x21-24 / %x26-7E; explain-string also allows SP.
            let value = scalar.value
            guard (value >= 0x21 && value <= 0x7e) || (explanation && value == 0x20) else {
                throw SPFSyntaxError("character U+\(String(value, radix: 16, uppercase: true)) is not allowed in '\(text)'")
            }
            literal.unicodeScalars.append(scalar)
            index += 1
        }
        flush()
        self.tokens = tokens
    }

    private static func macro(_ body: [Unicode.Scalar], in text: String, explanation: Bool) throws(SPFSyntaxError) -> Token {
        guard let first = body.first else { throw SPFSyntaxError("empty macro '%{}' in '\(text)'") }
        let letter = Character(String(first).lowercased())
        guard letters.contains(letter) else {
            throw SPFSyntaxError("'%{\(first)' in '\(text)' names no macro (RFC 7208 §7.2: s l o d i p h c r t v)")
        }
        if explanationOnly.contains(letter) && !explanation {
            throw SPFSyntaxError("macro '%{\(first)}' is allowed only in exp= explanations (RFC 7208 §7.2)")
        }
        var rest = body.dropFirst()
        var digits = ""
        while let scalar = rest.first, ("0"..."9").contains(scalar) { digits.unicodeScalars.append(scalar); rest = rest.dropFirst() }
        var keep: Int?
        if !digits.isEmpty {
            guard let number = Int(digits), number > 0 else {
                throw SPFSyntaxError("'%{\(String(String.UnicodeScalarView(body)))}' in '\(text)': the number of parts must be at least 1")
            }
            keep = min(number, 128)
        }
        var reverse = false
        if let scalar = rest.first, scalar == "r" || scalar == "R" { reverse = true; rest = rest.dropFirst() }
        var delimiters = ""
        for scalar in rest {
            guard ".-+,/_=".unicodeScalars.contains(scalar) else {
                throw SPFSyntaxError("'\(scalar)' in '%{\(String(String.UnicodeScalarView(body)))}' is not a delimiter (RFC 7208 §7.1: . - + , / _ =)")
            }
            delimiters.unicodeScalars.append(scalar)
        }
        return .macro(letter: letter, urlEscape: first.properties.isUppercase, keep: keep, reverse: reverse,
                      delimiters: delimiters.isEmpty ? "." : delimiters)
    }

    /// True when the string ends as a domain-spec must (§7.1 domain-end): with a macro, or
    /// with "." and a top label that is not all numeric, optionally followed by ".".
    var isDomainSpec: Bool {
        guard let last = tokens.last else { return false }
        guard case .literal(let tail) = last else { return true }
        var text = Substring(tail)
        if text.hasSuffix(".") { text = text.dropLast() }
        guard let dot = text.lastIndex(of: ".") else {
            // No dot in the final literal: only valid if a macro precedes it directly and the
            // literal is empty, which cannot be (literals are non-empty).
            return false
        }
        let label = text[text.index(after: dot)...]
        return Self.isTopLabel(label)
    }

    /// toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum )
    static func isTopLabel(_ label: Substring) -> Bool {
        guard let first = label.first, let last = label.last else { return false }
        let alnum: (Character) -> Bool = { $0.isASCII && ($0.isLetter || $0.isNumber) }
        guard label.allSatisfy({ alnum($0) || $0 == "-" }), alnum(first), alnum(last) else { return false }
        return label.contains(where: { $0.isLetter }) || label.contains("-")
    }
}

extension SPFMacroString {
    /// Expands the macros for one evaluation (§7.3). `p` must already be in the context if used.
    func expand(_ context: SPFMacroContext) -> String {
        var output = ""
        for token in tokens {
            switch token {
            case .literal(let text):
                output += text
            case .macro(let letter, let urlEscape, let keep, let reverse, let delimiters):
                var value: String
                switch letter {
                case "s": value = context.sender
                case "l": value = context.localPart
                case "o": value = context.senderDomain
                case "d": value = context.domain
                case "i": value = context.ip.isIPv4 ? context.ip.description : context.ip.nibbles.joined(separator: ".")
                case "p": value = context.validatedName ?? "unknown"
                case "v": value = context.ip.isIPv4 ? "in-addr" : "ip6"
                case "h": value = context.helo
                case "c": value = context.ip.description
                case "r": value = context.receiver
                case "t": value = String(context.timestamp)
                default: value = ""
                }
                var parts = value.split(omittingEmptySubsequences: false, whereSeparator: { delimiters.contains($0) }).map(String.init)
                if reverse { parts.reverse() }
                if let keep, keep < parts.count { parts = Array(parts.suffix(keep)) }
                value = parts.joined(separator: ".")
                output += urlEscape ? Self.urlEscaped(value) : value
            }
        }
        return output
    }

    /// Which macro letters the string uses.
    var usedLetters: Set<Character> {
        Set(tokens.compactMap { token in
            if case .macro(let letter, _, _, _, _) = token { return letter }
            return nil
        })
    }

    /// RFC 3986 percent-encoding of everything but the unreserved characters.
    static func urlEscaped(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            let char = Character(Unicode.Scalar(byte))
            if char.isASCII && (char.isLetter || char.isNumber || "-._~".contains(char)) {
                output.append(char)
            } else {
                let hex = Array("0123456789ABCDEF")
                output += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0x0f)])
            }
        }
        return output
    }
}
