/// DANE for one exchange at one address (RFC 7672 §2).
public struct DANEFact: Codable, Sendable, Equatable {
    public var status: DANEStatus
    /// Records with usage 0 or 1 (PKIX-TA, PKIX-EE), which SMTP must not use (§3.1.3).
    public var unusableRecords: [TLSARecordFact]
    /// The record that matched and the chain depth it matched at (0 the leaf).
    public var matched: TLSARecordFact?
    public var matchedDepth: Int?
    /// OpenSSL's verify reason, for `mismatch`.
    public var detail: String?

    public init(status: DANEStatus, unusableRecords: [TLSARecordFact] = [], matched: TLSARecordFact? = nil,
                matchedDepth: Int? = nil, detail: String? = nil) {
        self.status = status
        self.unusableRecords = unusableRecords
        self.matched = matched
        self.matchedDepth = matchedDepth
        self.detail = detail
    }
}
