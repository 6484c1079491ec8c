import MailFacts

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
