import MailFacts

/// A domain to collect, with settings of its own (from a line of a domains file).
public struct CollectionTarget: Sendable, Hashable {
    public var domain: DomainName
    /// DKIM selectors to look up for this domain, besides the run's `--dkim-selector`s.
    public var dkimSelectors: [String]

    public init(_ domain: DomainName, dkimSelectors: [String] = []) {
        self.domain = domain
        self.dkimSelectors = dkimSelectors
    }
}
