/// TXT lookups, which DMARC, DKIM, MTA-STS, TLS-RPT and BIMI discovery need.
public protocol TXTResolver: Sendable {
    /// The TXT records at `name`, each with its character-strings joined (RFC 7208 §3.3).
    func txt(_ name: String) async -> RecordLookup<[String]>
}
