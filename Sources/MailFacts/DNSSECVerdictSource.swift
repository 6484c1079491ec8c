/// Whose verdict a DNSSEC status is (`DNSSECFact.source`).
public enum DNSSECVerdictSource: String, Codable, Sendable, Equatable, CaseIterable {
    /// mailaudit's own validation from the trust anchor.
    case validation
    /// The resolver's: the AD bit, or a SERVFAIL that says validation failed.
    case resolver
}
