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

public struct TXTSetFact: Codable, Sendable, Equatable {
    public var name: String
    public var lookup: LookupFact
    public var records: [TXTRecordFact]

    public init(name: String, lookup: LookupFact, records: [TXTRecordFact]) {
        self.name = name
        self.lookup = lookup
        self.records = records
    }
}

/// One TXT record: its character-strings, and their concatenation as RFC 7208 §3.3
/// (and RFC 6376 §3.6.2.2 for DKIM) specify it: joined with nothing between them.
public struct TXTRecordFact: Codable, Sendable, Equatable {
    public var text: String
    public var strings: [String]
    /// The length in bytes of each character-string (at most 255 each, RFC 1035 §3.3).
    public var stringLengths: [Int]
    /// The total length in bytes of the joined text.
    public var length: Int

    public init(strings rawStrings: [[UInt8]]) {
        self.strings = rawStrings.map { String(decoding: $0, as: UTF8.self) }
        self.stringLengths = rawStrings.map(\.count)
        self.text = String(decoding: rawStrings.joined(), as: UTF8.self)
        self.length = stringLengths.reduce(0, +)
    }
}

public struct DKIMSelectorTXTFact: Codable, Sendable, Equatable {
    public var selector: String
    public var txt: TXTSetFact

    public init(selector: String, txt: TXTSetFact) {
        self.selector = selector
        self.txt = txt
    }
}
