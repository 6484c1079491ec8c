/// A DMARC record's tags as values (RFC 9989 reading, with RFC 7489's verdict beside it).
public struct DMARCRecordFact: Codable, Sendable, Equatable {
    public var text: String
    public var validRFC9989: Bool
    public var errorsRFC9989: [String]
    public var validRFC7489: Bool
    public var errorsRFC7489: [String]
    /// Every tag as written, in order.
    public var tags: [DMARCTagFact]
    public var p: String?
    public var pExplicit: Bool
    public var pFollowsV: Bool
    public var sp: String?
    public var np: String?
    public var adkim: String
    public var aspf: String
    public var fo: [String]
    public var rua: [DMARCURIFact]
    public var ruf: [DMARCURIFact]
    /// pct under RFC 7489 (removed by RFC 9989).
    public var pct: Int?
    public var psd: String
    public var t: Bool
    /// Tags RFC 9989 removed (pct, rf, ri) that the record has.
    public var removedTags: [String]
    public var unknownTags: [String]

    public init(text: String, validRFC9989: Bool, errorsRFC9989: [String], validRFC7489: Bool, errorsRFC7489: [String],
                tags: [DMARCTagFact], p: String?, pExplicit: Bool, pFollowsV: Bool, sp: String?, np: String?, adkim: String,
                aspf: String, fo: [String], rua: [DMARCURIFact], ruf: [DMARCURIFact], pct: Int?, psd: String, t: Bool,
                removedTags: [String], unknownTags: [String]) {
        self.text = text
        self.validRFC9989 = validRFC9989
        self.errorsRFC9989 = errorsRFC9989
        self.validRFC7489 = validRFC7489
        self.errorsRFC7489 = errorsRFC7489
        self.tags = tags
        self.p = p
        self.pExplicit = pExplicit
        self.pFollowsV = pFollowsV
        self.sp = sp
        self.np = np
        self.adkim = adkim
        self.aspf = aspf
        self.fo = fo
        self.rua = rua
        self.ruf = ruf
        self.pct = pct
        self.psd = psd
        self.t = t
        self.removedTags = removedTags
        self.unknownTags = unknownTags
    }
}
