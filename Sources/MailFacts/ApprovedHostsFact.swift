/// The MX and NS hosts a domain must use, as its admin declared them for this domain (a
/// line of the domains file: `mx=PATTERN,... ns=PATTERN,...`): host names, or `*.` and a
/// suffix (one left-most label, as MTA-STS writes them). A profile may declare the same for
/// every domain (`settings.approvedMX`, `settings.approvedNS`); this one wins for its domain.
public struct ApprovedHostsFact: Codable, Sendable, Hashable {
    public var mx: [String]
    public var ns: [String]
    /// Where they were declared (`domains-file.txt:12`).
    public var source: String

    public init(mx: [String], ns: [String], source: String) {
        self.mx = mx
        self.ns = ns
        self.source = source
    }
}
