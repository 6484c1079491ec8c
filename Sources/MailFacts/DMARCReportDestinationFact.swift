public struct DMARCReportDestinationFact: Codable, Sendable, Equatable {
    /// `rua` or `ruf`.
    public var tag: String
    public var uri: String
    /// The domain of the mailto: address.
    public var domain: String?
    /// The destination is outside the policy domain's organization (RFC 7489 §7.1).
    public var external: Bool
    /// `<policy domain>._report._dmarc.<destination domain>`, asked for an external destination.
    public var authorizationName: String?
    /// How that lookup ended.
    public var authorizationLookup: WalkLookup?
    /// The destination published a v=DMARC1 record there; nil when not asked or the lookup failed.
    public var authorized: Bool?

    public init(tag: String, uri: String, domain: String?, external: Bool, authorizationName: String? = nil,
                authorizationLookup: WalkLookup? = nil, authorized: Bool? = nil) {
        self.tag = tag
        self.uri = uri
        self.domain = domain
        self.external = external
        self.authorizationName = authorizationName
        self.authorizationLookup = authorizationLookup
        self.authorized = authorized
    }
}
