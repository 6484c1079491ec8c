import NetworkSupport
/// A parsed SPF record (RFC 7208 §4.6, §5, §6, §12 ABNF). The parse keeps every term it
/// understood even when others are invalid, so that an audit can still show the policy;
/// evaluation treats any error as permerror (§4.6: "syntax errors anywhere in the record").
public struct SPFRecord: Sendable, Hashable {
    public enum Qualifier: String, Sendable, Hashable {
        case pass = "+", fail = "-", softfail = "~", neutral = "?"

        public var result: SPFResult.Code {
            switch self {
            case .pass: return .pass
            case .fail: return .fail
            case .softfail: return .softfail
            case .neutral: return .neutral
            }
        }
    }

    public enum Mechanism: Sendable, Hashable {
        case all
        case include(SPFMacroString)
        case a(SPFMacroString?, cidr4: Int?, cidr6: Int?)
        case mx(SPFMacroString?, cidr4: Int?, cidr6: Int?)
        case ptr(SPFMacroString?)
        case ip4(IPAddress, prefix: Int)
        case ip6(IPAddress, prefix: Int)
        case exists(SPFMacroString)

        /// The mechanism's name as in the record.
        public var name: String {
            switch self {
            case .all: return "all"
            case .include: return "include"
            case .a: return "a"
            case .mx: return "mx"
            case .ptr: return "ptr"
            case .ip4: return "ip4"
            case .ip6: return "ip6"
            case .exists: return "exists"
            }
        }

        /// Whether evaluating it queries DNS, counting toward the limit of 10 (§4.6.4).
        public var queriesDNS: Bool {
            switch self {
            case .include, .a, .mx, .ptr, .exists: return true
            case .all, .ip4, .ip6: return false
            }
        }
    }

    public enum Term: Sendable, Hashable {
        case directive(Qualifier, Mechanism, text: String)
        case redirect(SPFMacroString)
        case explanation(SPFMacroString)
        /// A modifier this implementation does not know; ignored (§6).
        case unknownModifier(name: String, value: SPFMacroString)
    }

    /// The record as published.
    public let text: String
    /// Every term that parsed, in order.
    public let terms: [Term]
    /// Every syntax error, in order; empty for a valid record.
    public let errors: [SPFSyntaxError]

    public var isValid: Bool { errors.isEmpty }

    public var directives: [(qualifier: Qualifier, mechanism: Mechanism, text: String)] {
        terms.compactMap { term in
            if case .directive(let qualifier, let mechanism, let text) = term { return (qualifier, mechanism, text) }
            return nil
        }
    }

    public var redirect: SPFMacroString? {
        for term in terms { if case .redirect(let target) = term { return target } }
        return nil
    }

    public var explanation: SPFMacroString? {
        for term in terms { if case .explanation(let target) = term { return target } }
        return nil
    }

    /// Whether `text` is an SPF record at all: "v=spf1" (any case) followed by a space or
    /// the end (§4.5).
    public static func isSPF(_ text: String) -> Bool {
        let prefix = text.prefix(6)
        guard prefix.lowercased() == "v=spf1" else { return false }
        return text.count == 6 || text.dropFirst(6).first == " "
    }

    public init(_ text: String) {
        self.text = text
        var terms: [Term] = []
        var errors: [SPFSyntaxError] = []
        // Terms are separated by one or more spaces (§4.6.1, 1*SP); the first is the version.
        let fields = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        if fields.first?.lowercased() != "v=spf1" {
            errors.append(SPFSyntaxError("the record does not start with 'v=spf1'"))
        }
        var seenRedirect = false, seenExplanation = false
        for (offset, field) in fields.enumerated().dropFirst() {
            do throws(SPFSyntaxError) {
                let term = try Self.parseTerm(field)
                switch term {
                case .redirect:
                    if seenRedirect { throw SPFSyntaxError("a second redirect= modifier (RFC 7208 §6: at most one)") }
                    seenRedirect = true
                case .explanation:
                    if seenExplanation { throw SPFSyntaxError("a second exp= modifier (RFC 7208 §6: at most one)") }
                    seenExplanation = true
                default: break
                }
                terms.append(term)
            } catch {
                errors.append(SPFSyntaxError(error.message, term: field, position: offset))
            }
        }
        self.terms = terms
        self.errors = errors
    }

    static func parseTerm(_ field: String) throws(SPFSyntaxError) -> Term {
        guard field.unicodeScalars.allSatisfy({ $0.value >= 0x21 && $0.value <= 0x7e }) else {
            throw SPFSyntaxError("holds a character outside printable ASCII")
        }
        // A modifier is name=value where name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ) (§12).
        if let equals = field.firstIndex(of: "="), isModifierName(field[..<equals]) {
            let name = field[..<equals].lowercased()
            let value = String(field[field.index(after: equals)...])
            switch name {
            case "redirect":
                return .redirect(try domainSpec(value, for: "redirect="))
            case "exp":
                return .explanation(try domainSpec(value, for: "exp="))
            default:
                return .unknownModifier(name: String(field[..<equals]), value: try SPFMacroString(value))
            }
        }
        var body = Substring(field)
        var qualifier = Qualifier.pass
        if let first = body.first, let parsed = Qualifier(rawValue: String(first)) {
            qualifier = parsed
            body = body.dropFirst()
        }
        return .directive(qualifier, try mechanism(body), text: field)
    }

    private static func isModifierName(_ name: Substring) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }
    }

    private static func mechanism(_ body: Substring) throws(SPFSyntaxError) -> Mechanism {
        let lower = body.lowercased()
        func argument(after name: String) -> Substring { body.dropFirst(name.count) }
        if lower == "all" { return .all }
        if lower.hasPrefix("include") {
            let rest = argument(after: "include")
            guard rest.hasPrefix(":") else { throw SPFSyntaxError("include needs ':' and a domain (include:example.org)") }
            return .include(try domainSpec(String(rest.dropFirst()), for: "include:"))
        }
        if lower.hasPrefix("exists") {
            let rest = argument(after: "exists")
            guard rest.hasPrefix(":") else { throw SPFSyntaxError("exists needs ':' and a domain") }
            return .exists(try domainSpec(String(rest.dropFirst()), for: "exists:"))
        }
        if lower.hasPrefix("ip4") {
            let rest = argument(after: "ip4")
            guard rest.hasPrefix(":") else { throw SPFSyntaxError("ip4 needs ':' and an address (ip4:192.0.2.0/24)") }
            let (address, prefix) = try network(rest.dropFirst(), ipv6: false)
            return .ip4(address, prefix: prefix ?? 32)
        }
        if lower.hasPrefix("ip6") {
            let rest = argument(after: "ip6")
            guard rest.hasPrefix(":") else { throw SPFSyntaxError("ip6 needs ':' and an address (ip6:2001:db8::/32)") }
            let (address, prefix) = try network(rest.dropFirst(), ipv6: true)
            return .ip6(address, prefix: prefix ?? 128)
        }
        if lower.hasPrefix("ptr") {
            let rest = argument(after: "ptr")
            if rest.isEmpty { return .ptr(nil) }
            guard rest.hasPrefix(":") else { throw SPFSyntaxError("ptr takes only ':' and a domain (no CIDR length)") }
            return .ptr(try domainSpec(String(rest.dropFirst()), for: "ptr:"))
        }
        for name in ["mx", "a"] where lower.hasPrefix(name) {
            var rest = argument(after: name)
            let (cidr4, cidr6) = try dualCIDR(&rest)
            var domain: SPFMacroString?
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { throw SPFSyntaxError("unknown mechanism '\(body)'") }
                domain = try domainSpec(String(rest.dropFirst()), for: name + ":")
            }
            return name == "a" ? .a(domain, cidr4: cidr4, cidr6: cidr6) : .mx(domain, cidr4: cidr4, cidr6: cidr6)
        }
        throw SPFSyntaxError("unknown mechanism '\(body)' (RFC 7208 §5: all include a mx ptr ip4 ip6 exists)")
    }

    /// A domain-spec (§7.1): a macro-string that ends like a domain name.
    static func domainSpec(_ text: String, for term: String) throws(SPFSyntaxError) -> SPFMacroString {
        guard !text.isEmpty else { throw SPFSyntaxError("\(term) needs a domain") }
        let spec = try SPFMacroString(text)
        guard spec.isDomainSpec else {
            throw SPFSyntaxError("'\(text)' is not a domain: it must end in a dot and a top label with a letter, or in a macro (RFC 7208 §7.1)")
        }
        return spec
    }

    /// Takes `/cidr4` and `//cidr6` off the end of an a or mx argument (§5.3, §5.4).
    private static func dualCIDR(_ rest: inout Substring) throws(SPFSyntaxError) -> (Int?, Int?) {
        var cidr6: Int?, cidr4: Int?
        if let range = trailingPrefix(rest, slashes: 2) {
            cidr6 = try prefixLength(rest[range.digits], maximum: 128)
            rest = rest[..<range.start]
        }
        if let range = trailingPrefix(rest, slashes: 1) {
            cidr4 = try prefixLength(rest[range.digits], maximum: 32)
            rest = rest[..<range.start]
        }
        return (cidr4, cidr6)
    }

    /// Finds `/digits` (or `//digits`) at the end of `text`.
    private static func trailingPrefix(_ text: Substring, slashes: Int) -> (start: Substring.Index, digits: Range<Substring.Index>)? {
        var index = text.endIndex
        while index > text.startIndex, text[text.index(before: index)].isASCII, text[text.index(before: index)].isNumber {
            index = text.index(before: index)
        }
        guard index < text.endIndex else { return nil }
        let digits = index..<text.endIndex
        var start = index
        for _ in 0..<slashes {
            guard start > text.startIndex, text[text.index(before: start)] == "/" else { return nil }
            start = text.index(before: start)
        }
        if slashes == 1, start > text.startIndex, text[text.index(before: start)] == "/" { return nil }
        return (start, digits)
    }

    /// A prefix length: decimal without leading zeros (§12 ip4-cidr-length), at most `maximum`.
    private static func prefixLength(_ digits: Substring, maximum: Int) throws(SPFSyntaxError) -> Int {
        guard let value = Int(digits), value <= maximum, digits == "0" || !digits.hasPrefix("0") else {
            throw SPFSyntaxError("'/\(digits)' is not a prefix length from 0 to \(maximum) without leading zeros")
        }
        return value
    }

    private static func network(_ text: Substring, ipv6: Bool) throws(SPFSyntaxError) -> (IPAddress, Int?) {
        var addressText = text
        var prefix: Int?
        if let slash = text.lastIndex(of: "/") {
            addressText = text[..<slash]
            prefix = try prefixLength(text[text.index(after: slash)...], maximum: ipv6 ? 128 : 32)
        }
        guard let address = IPAddress(String(addressText)), address.isIPv4 != ipv6 else {
            throw SPFSyntaxError("'\(addressText)' is not an \(ipv6 ? "IPv6" : "IPv4") address")
        }
        if !ipv6 {
            // ip4-network is a dotted quad of decimal numbers (§12).
            let parts = addressText.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 4, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else {
                throw SPFSyntaxError("'\(addressText)' is not a dotted-quad IPv4 address")
            }
        }
        return (address, prefix)
    }
}
