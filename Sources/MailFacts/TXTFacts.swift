/// The raw TXT record sets at the names where mail policies live. What they mean is
/// parsed elsewhere (MailRecords); here they are kept exactly as published.
public struct TXTFacts: Codable, Sendable, Equatable {
    /// At the domain: SPF (RFC 7208 §3) and other TXT records.
    public var domain: TXTSetFact
    /// `_dmarc.<domain>` (RFC 7489 §6.1).
    public var dmarc: TXTSetFact
    /// `_mta-sts.<domain>` (RFC 8461 §3.1).
    public var mtaSts: TXTSetFact
    /// `_smtp._tls.<domain>` (RFC 8460 §3).
    public var tlsRpt: TXTSetFact
    /// `default._bimi.<domain>`.
    public var bimi: TXTSetFact
    /// `<selector>._domainkey.<domain>` for each selector asked (RFC 6376 §3.6.2.1).
    public var dkim: [DKIMSelectorTXTFact]

    public init(domain: TXTSetFact, dmarc: TXTSetFact, mtaSts: TXTSetFact, tlsRpt: TXTSetFact, bimi: TXTSetFact, dkim: [DKIMSelectorTXTFact]) {
        self.domain = domain
        self.dmarc = dmarc
        self.mtaSts = mtaSts
        self.tlsRpt = tlsRpt
        self.bimi = bimi
        self.dkim = dkim
    }
}
