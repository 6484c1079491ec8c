/// What the parent's servers say of the zone's delegation (RFC 1034 §4.2.2).
public struct DelegationFact: Codable, Sendable, Equatable {
    /// `referral` (NS in the authority section), `answer` (the parent's server is the
    /// child's too and answered with authority), or why there is none: `no-referral`,
    /// `timeout`, `refused`, `network-error`, `no-parent-server`.
    public var status: String
    /// The parent's server that answered (or the last one asked).
    public var server: String?
    /// The NS names in the delegation.
    public var ns: [String]
    /// Glue: addresses the parent gives for NS names, by name.
    public var glue: [GlueFact]
    public var detail: String?

    public init(status: String, server: String? = nil, ns: [String] = [], glue: [GlueFact] = [], detail: String? = nil) {
        self.status = status
        self.server = server
        self.ns = ns
        self.glue = glue
        self.detail = detail
    }
}
