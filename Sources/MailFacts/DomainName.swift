import Foundation

/// A domain name given by a user, checked and brought to the form DNS lookups use:
/// lower-case ASCII, A-labels for internationalised labels, no trailing dot.
public struct DomainName: Sendable, Hashable, CustomStringConvertible {
    /// `example.org` (no trailing dot).
    public let ascii: String

    public var description: String { ascii }
    /// The absolute form, `example.org.`.
    public var absolute: String { ascii + "." }

    /// Checks `text` against RFC 1035 §2.3.4 (label ≤ 63 octets, name ≤ 253 characters),
    /// RFC 1123 §2.1 (letters, digits and hyphens, no hyphen at either end of a label) and
    /// RFC 5891 §4.4 (a U-label becomes its Punycode A-label, RFC 3492).
    public init(_ text: String) throws(DomainNameError) {
        var name = text.trimmingCharacters(in: .whitespaces)
        if name.hasSuffix(".") { name.removeLast() }
        guard !name.isEmpty else { throw DomainNameError(input: text, reason: "the domain name is empty") }
        if name.contains(where: { $0.isWhitespace }) {
            throw DomainNameError(input: text, reason: "a domain name has no spaces")
        }
        if name.contains("@") {
            throw DomainNameError(input: text, reason: "that is a mail address; give only the part after '@'")
        }
        if name.contains("://") || name.contains("/") {
            throw DomainNameError(input: text, reason: "that is a URL; give only the host name")
        }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        var asciiLabels: [String] = []
        for (index, label) in labels.enumerated() {
            guard !label.isEmpty else {
                throw DomainNameError(input: text, reason: "label \(index + 1) is empty (two dots in a row, or a leading dot)")
            }
            // ASCII needs no normalisation (Foundation's goes through ICU: time and memory).
            let lowered = label.utf8.allSatisfy({ $0 < 0x80 }) ? label.lowercased()
                : String(label).precomposedStringWithCanonicalMapping.lowercased()
            let ascii: String
            if lowered.unicodeScalars.allSatisfy(\.isASCII) {
                ascii = lowered
            } else {
                guard let encoded = Punycode.encode(lowered) else {
                    throw DomainNameError(input: text, reason: "label '\(label)' cannot be converted to an A-label")
                }
                ascii = "xn--" + encoded
            }
            guard ascii.utf8.count <= 63 else {
                throw DomainNameError(input: text, reason: "label '\(label)' is \(ascii.utf8.count) octets long; at most 63 are allowed")
            }
            guard ascii.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) else {
                throw DomainNameError(input: text, reason: "label '\(label)' may hold only letters, digits and hyphens")
            }
            guard !ascii.hasPrefix("-"), !ascii.hasSuffix("-") else {
                throw DomainNameError(input: text, reason: "label '\(label)' starts or ends with a hyphen")
            }
            asciiLabels.append(ascii)
        }
        guard asciiLabels.count >= 2 else {
            throw DomainNameError(input: text, reason: "'\(name)' has a single label; give a full domain name such as example.org")
        }
        if asciiLabels.last!.allSatisfy(\.isNumber) {
            throw DomainNameError(input: text, reason: "'\(name)' looks like an IP address, not a domain name")
        }
        let joined = asciiLabels.joined(separator: ".")
        guard joined.utf8.count <= 253 else {
            throw DomainNameError(input: text, reason: "the name is \(joined.utf8.count) characters long; at most 253 are allowed")
        }
        ascii = joined
    }
}

extension DomainName {
    /// Whether `text` names the same domain (case-insensitively, trailing dot optional);
    /// nil when `text` is not a valid domain name.
    public static func normalizedMatch(_ text: String, _ name: DomainName) -> Bool? {
        guard let other = try? DomainName(text) else { return nil }
        return other == name
    }
}

extension DomainName {
    /// One label in ASCII: lower-cased, and a U-label as its A-label (`xn--...`); nil when
    /// it cannot be encoded.
    public static func asciiLabel(_ label: Substring) -> String? {
        // ASCII needs no normalisation: Foundation's (ICU) costs time and megabytes of
        // memory, and nearly every label is ASCII.
        if label.utf8.allSatisfy({ $0 < 0x80 }) { return label.lowercased() }
        let lowered = String(label).precomposedStringWithCanonicalMapping.lowercased()
        if lowered.unicodeScalars.allSatisfy(\.isASCII) { return lowered }
        return Punycode.encode(lowered).map { "xn--" + $0 }
    }
}
