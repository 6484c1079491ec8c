import MailFacts
/// The `_mta-sts.<domain>` TXT record (RFC 8461 §3.1).
public struct MTASTSRecord: Sendable, Hashable {
    public let text: String
    public private(set) var id: String?
    /// Extension fields (name=value) other than v and id.
    public private(set) var extensions: [String: String] = [:]
    public private(set) var errors: [String] = []
    public var isValid: Bool { errors.isEmpty }

    /// Whether a TXT record is meant as an MTA-STS record (it starts with v=STSv1).
    public static func isMTASTS(_ text: String) -> Bool {
        text.hasPrefix("v=STSv1") && (text.count == 7 || [";", " ", "\t"].contains(text.dropFirst(7).first!))
    }

    public init(_ text: String) {
        self.text = text
        if text.lowercased().hasPrefix("v=spf1") {
            errors.append("this is an SPF record, not an MTA-STS record")
            return
        }
        let list = TagList(text)
        errors = list.errors
        // sts-version = %s"v=STSv1", first (case-sensitive).
        guard let first = list.fields.first, first.name == "v", first.value == "STSv1" else {
            errors.append("the record must start with v=STSv1 (RFC 8461 §3.1)")
            return
        }
        for field in list.fields.dropFirst() {
            // sts-ext-name = 1*32(ALPHA / DIGIT / "_" / "-" / "."); values are visible
            // characters except ';' and '=' (no spaces).
            guard (1...32).contains(field.name.count),
                  field.name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) }) else {
                errors.append("'\(field.name)' is not a field name (RFC 8461 §3.1)")
                continue
            }
            guard !field.value.isEmpty, field.value.unicodeScalars.allSatisfy({ (0x21...0x7e).contains($0.value) && $0 != ";" && $0 != "=" }) else {
                errors.append("\(field.name)=\(field.value): the value must be visible characters without ';', '=' or spaces")
                continue
            }
            if field.name == "id" {
                // sts-id = %s"id=" 1*32(ALPHA / DIGIT)
                guard (1...32).contains(field.value.count), field.value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                    errors.append("id=\(field.value): the id must be 1 to 32 letters and digits (RFC 8461 §3.1)")
                    continue
                }
                id = field.value
            } else {
                extensions[field.name] = field.value
            }
        }
        if id == nil && errors.isEmpty { errors.append("id= is missing (RFC 8461 §3.1)") }
    }
}

/// An MTA-STS policy file (RFC 8461 §3.2), as served at
/// `https://mta-sts.<domain>/.well-known/mta-sts.txt`.
public struct MTASTSPolicy: Sendable, Hashable {
    public typealias Mode = MTASTSMode

    /// The longest max_age allowed: 31557600 seconds, one year (§3.2).
    public static let maximumAge = 31_557_600

    public let text: String
    public private(set) var version: String?
    public private(set) var mode: Mode?
    public private(set) var maxAge: Int?
    public private(set) var mx: [String] = []
    /// Keys the policy has that RFC 8461 does not define; they are ignored.
    public private(set) var unknownKeys: [String] = []
    public private(set) var errors: [String] = []
    public var isValid: Bool { errors.isEmpty }

    public init(_ text: String) {
        self.text = text
        var seen = Set<String>()
        // Lines end in CRLF or LF (§3.2: "sts-policy-term = LF / CRLF").
        for rawLine in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let line = rawLine.trimmingWSP()
            if line.isEmpty { continue }
            guard let colon = line.firstIndex(of: ":") else {
                errors.append("'\(line)' is not 'key: value'")
                continue
            }
            let key = String(line[..<colon]).trimmingWSP()
            let value = String(line[line.index(after: colon)...].trimmingWSP())
            guard !key.isEmpty else { errors.append("'\(line)' has no key"); continue }
            guard !value.isEmpty else { errors.append("\(key): has no value"); continue }
            if key != "mx" && !seen.insert(String(key)).inserted {
                errors.append("\(key) appears twice")
                continue
            }
            switch key {
            case "version":
                version = value
                if value != "STSv1" { errors.append("version: \(value): the version must be STSv1") }
            case "mode":
                guard let parsed = Mode(rawValue: value) else {
                    errors.append("mode: \(value): the mode must be enforce, testing or none")
                    continue
                }
                mode = parsed
            case "max_age":
                guard value.count <= 10, value.allSatisfy(\.isNumber), let seconds = Int(value), seconds <= Self.maximumAge else {
                    errors.append("max_age: \(value): must be a whole number of seconds up to \(Self.maximumAge)")
                    continue
                }
                maxAge = seconds
            case "mx":
                mx.append(value)
            default:
                unknownKeys.append(String(key))
            }
        }
        if version == nil { errors.append("version: STSv1 is missing") }
        if mode == nil { errors.append("mode: is missing") }
        if maxAge == nil { errors.append("max_age: is missing") }
        if mx.isEmpty, let mode, mode != .none { errors.append("mode \(mode.rawValue) needs at least one mx: pattern") }
    }

    /// Whether an MX host matches one of the policy's patterns (§4.1): exactly, or a
    /// `*.` pattern for exactly one more label; case-insensitively, U-labels as A-labels.
    public static func matches(_ host: String, patterns: [String]) -> Bool {
        guard let name = ascii(host) else { return false }
        for pattern in patterns {
            guard let target = ascii(pattern) else { continue }
            if target.hasPrefix("*.") {
                let suffix = target.dropFirst(1)  // ".example.org"
                guard name.hasSuffix(suffix) else { continue }
                let head = name.dropLast(suffix.count)
                if !head.isEmpty && !head.contains(".") { return true }
            } else if name == target {
                return true
            }
        }
        return false
    }

    private static func ascii(_ name: String) -> String? {
        var text = name
        if text.hasSuffix(".") { text.removeLast() }
        var labels: [String] = []
        for label in text.split(separator: ".", omittingEmptySubsequences: false) {
            if label == "*" { labels.append("*"); continue }
            guard let ascii = DomainNameLabel.ascii(label) else { return nil }
            labels.append(ascii)
        }
        return labels.joined(separator: ".")
    }

    /// Whether a Content-Type header names text/plain (§3.3), parameters allowed.
    public static func isTextPlain(_ contentType: String) -> Bool {
        let type = contentType.split(separator: ";", maxSplits: 1).first.map { String($0).trimmingWSP() } ?? ""
        return type.lowercased() == "text/plain"
    }
}
