/// A mail policy published as one TXT record: MTA-STS (`_mta-sts`, RFC 8461 §3.1), TLS-RPT
/// (`_smtp._tls`, RFC 8460 §3) or BIMI (`default._bimi`). The raw TXT set is in `txt`.
public struct PolicyRecordFacts: Codable, Sendable, Equatable {
    public var name: String
    public var status: PolicyRecordStatus
    /// The records of this kind (v=STSv1, v=TLSRPTv1, v=BIMI1) at the name.
    public var records: [String]
    /// The one record, when there is exactly one: valid or not, and why.
    public var valid: Bool?
    public var errors: [String]
    /// MTA-STS: the policy id (changes when the policy does).
    public var id: String?
    /// TLS-RPT: where reports go.
    public var reportURIs: [String]?
    /// BIMI: the logo and evidence URLs; declination when both are empty.
    public var logo: String?
    public var evidence: String?
    public var declination: Bool?

    public init(name: String, status: PolicyRecordStatus, records: [String] = []) {
        self.name = name
        self.status = status
        self.records = records
        self.valid = nil
        self.errors = []
    }
}
