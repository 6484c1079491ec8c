import MailFacts

/// Label helpers shared by the record parsers.
enum DomainNameLabel {
    /// A label in ASCII (lower case, A-label for a U-label); nil when it cannot be encoded.
    static func ascii(_ label: Substring) -> String? {
        guard !label.isEmpty else { return nil }
        return DomainName.asciiLabel(label)
    }

    /// A name as record walks compare and key it: lower case, without the trailing dot.
    static func normalized(_ name: String) -> String {
        var lowered = name.lowercased()
        if lowered.hasSuffix(".") { lowered.removeLast() }
        return lowered
    }

    /// `name` is `domain` or below it.
    static func isSubdomain(_ name: String, of domain: String) -> Bool {
        let name = normalized(name), domain = normalized(domain)
        return name == domain || name.hasSuffix("." + domain)
    }
}
