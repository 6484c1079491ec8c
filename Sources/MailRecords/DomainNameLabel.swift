import MailFacts

/// Label helpers shared by the record parsers.
enum DomainNameLabel {
    /// A label in ASCII (lower case, A-label for a U-label); nil when it cannot be encoded.
    static func ascii(_ label: Substring) -> String? {
        guard !label.isEmpty else { return nil }
        return DomainName.asciiLabel(label)
    }
}
