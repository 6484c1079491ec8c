import MailFacts

/// A domain to collect, with settings of its own (from a line of a domains file).
public struct CollectionTarget: Sendable, Hashable {
    public var domain: DomainName
    /// DKIM selectors to look up for this domain, besides the run's `--dkim-selector`s.
    public var dkimSelectors: [String]
    /// The MX and NS hosts this domain must use (`mx=`, `ns=` in the domains file), and
    /// where they were declared; nil when none were.
    public var approved: ApprovedHostsFact?

    public init(_ domain: DomainName, dkimSelectors: [String] = [], approved: ApprovedHostsFact? = nil) {
        self.domain = domain
        self.dkimSelectors = dkimSelectors
        self.approved = approved
    }
}
