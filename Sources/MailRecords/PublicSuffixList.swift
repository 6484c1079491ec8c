import Foundation
import MailFacts

/// The Public Suffix List (publicsuffix.org), for RFC 7489 §3.2's organizational domain:
/// the public suffix plus one label. Rules are held in ASCII (A-labels), so names in either
/// form match. Debian's `publicsuffix` package installs the list at `defaultPath`.
public struct PublicSuffixList: Sendable {
    public static let defaultPath = "/usr/share/publicsuffix/public_suffix_list.dat"

    private var rules: Set<String> = []
    private var wildcards: Set<String> = []
    private var exceptions: Set<String> = []
    /// The `VERSION:` line of the list, if it has one.
    public private(set) var version: String?

    public init(contentsOf path: String = Self.defaultPath) throws {
        self.init(text: try String(contentsOfFile: path, encoding: .utf8))
    }

    public init(text: String) {
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = rawLine.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? ""
            if line.hasPrefix("//") {
                if let range = rawLine.range(of: "VERSION: ") { version = String(rawLine[range.upperBound...]) }
                continue
            }
            guard !line.isEmpty else { continue }
            if line.hasPrefix("!") {
                if let ascii = Self.ascii(line.dropFirst()) { exceptions.insert(ascii) }
            } else if line.hasPrefix("*.") {
                if let ascii = Self.ascii(line.dropFirst(2)) { wildcards.insert(ascii) }
            } else if let ascii = Self.ascii(Substring(line)) {
                rules.insert(ascii)
            }
        }
    }

    private static func ascii(_ name: Substring) -> String? {
        var labels: [String] = []
        for label in name.split(separator: ".", omittingEmptySubsequences: false) {
            guard !label.isEmpty, let ascii = DomainName.asciiLabel(label) else { return nil }
            labels.append(ascii)
        }
        return labels.joined(separator: ".")
    }

    /// The public suffix of `name` (the algorithm of publicsuffix.org: an exception rule wins,
    /// else the longest matching rule, else the implicit `*`); nil for an invalid name.
    public func publicSuffix(of name: String) -> String? {
        guard !name.hasPrefix("."), let ascii = Self.ascii(Substring(name.hasSuffix(".") ? String(name.dropLast()) : name)) else { return nil }
        let labels = ascii.split(separator: ".").map(String.init)
        var longest = 1  // the implicit "*" rule
        for count in 1...labels.count {
            let candidate = labels.suffix(count).joined(separator: ".")
            if exceptions.contains(candidate) {
                return labels.suffix(count - 1).joined(separator: ".")
            }
            if rules.contains(candidate) { longest = max(longest, count) }
            // "*.parent" matches any one label below parent.
            if count >= 2, wildcards.contains(labels.suffix(count - 1).joined(separator: ".")) { longest = max(longest, count) }
        }
        return labels.suffix(longest).joined(separator: ".")
    }

    /// The organizational domain (RFC 7489 §3.2): the public suffix and one more label;
    /// nil when the name is itself a public suffix or invalid.
    public func organizationalDomain(of name: String) -> String? {
        guard let suffix = publicSuffix(of: name),
              let ascii = Self.ascii(Substring(name.hasSuffix(".") ? String(name.dropLast()) : name)) else { return nil }
        let labels = ascii.split(separator: ".")
        let suffixCount = suffix.split(separator: ".").count
        guard labels.count > suffixCount else { return nil }
        return labels.suffix(suffixCount + 1).joined(separator: ".")
    }
}
