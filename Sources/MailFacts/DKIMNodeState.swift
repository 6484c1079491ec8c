/// What the answer for `_domainkey.<domain>` says about DKIM keys below it, read as
/// internet.nl and mecsa-st read it (RFC 8020 §2, RFC 2308 §2.2), with a guard against
/// wildcards (RFC 4592), which make every name look present.
public enum DKIMNodeState: String, Codable, Sendable, Equatable, CaseIterable {
    /// NXDOMAIN: no name exists below `_domainkey`, so no key exists at any selector.
    case absent
    /// NOERROR with no data, and a name that cannot exist below it is NXDOMAIN: an empty
    /// non-terminal, so keys are published under selectors that were not named.
    case empty
    /// A record at `_domainkey` itself and no wildcard: something is published there.
    case records
    /// A made-up name below `_domainkey` exists too: a wildcard answers for every name,
    /// so the answer says nothing about keys.
    case wildcard
    /// A lookup failed: nothing can be said.
    case unknown
}
