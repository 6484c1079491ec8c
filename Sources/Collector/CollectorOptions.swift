import DNSClient
import Foundation
import MailFacts
import MailRecords

/// What to collect and how long a domain may take.
public struct CollectorOptions: Sendable {
    /// For RFC 7489 organizational domains; nil leaves them out (the RFC 9989 tree walk needs none).
    public var publicSuffixList: PublicSuffixList?
    /// DKIM selectors to look up at `<selector>._domainkey.<domain>`.
    public var dkimSelectors: [String]
    /// Also try the built-in list of common DKIM selectors.
    public var commonDKIMSelectors: Bool
    /// Skip the common selectors when `_domainkey.<domain>` is NXDOMAIN (RFC 8020: nothing
    /// exists below it). Off for DNS servers that wrongly answer NXDOMAIN for a name with
    /// names below it.
    public var nxdomainCut: Bool
    /// Seconds a domain may take in all; lookups still open then end as `deadline-exceeded`.
    public var deadline: Double
    /// The resolvers as the user named them, recorded in the facts.
    public var resolverNames: [String]
    /// How to probe the mail servers; nil skips probing (`--no-smtp`).
    public var probe: ProbeOptions?
    /// mailaudit's own DNSSEC validation of the domain, its mail hosts and their TLSA
    /// records; nil leaves the verdicts to the resolver (the AD bit).
    public var validator: (any DNSSECValidating)?
    /// The DNS lists to ask about the mail servers and the domain; nil asks none (opt-in).
    public var dnsbl: DNSBLOptions?
    /// The name-server checks of the domain's zone and its MX hosts' zones, shared by the
    /// run's domains (a zone is checked once); nil checks none.
    public var nameServers: NameServerChecker?
    /// Where the domain's own records come from when not from the public DNS (`--ns`,
    /// `--zone-file`: `dns` is then a `PinnedZoneLookup` or a `ZoneFileLookup`), recorded in
    /// the facts so that the rules that depend on the delegation say so.
    public var source: AuditSourceFact?
    /// Offline routing data: each MX and name-server address validated (RFC 6811); nil when none.
    public var rpki: RouteOriginData?
    /// The time the facts are collected at: `collectedAt` and every "days to" count
    /// (certificates, DNSSEC signatures). A test moves it to see which facts change with time
    /// alone (the history keeps those apart: `FactVolatility`).
    public var clock: @Sendable () -> Date = { Date() }

    public init(dkimSelectors: [String] = [], deadline: Double = 30, resolverNames: [String] = [],
                publicSuffixList: PublicSuffixList? = nil, commonDKIMSelectors: Bool = true, nxdomainCut: Bool = true,
                probe: ProbeOptions? = nil, validator: (any DNSSECValidating)? = nil, dnsbl: DNSBLOptions? = nil,
                nameServers: NameServerChecker? = nil, source: AuditSourceFact? = nil, rpki: RouteOriginData? = nil) {
        self.rpki = rpki
        self.nameServers = nameServers
        self.source = source
        self.probe = probe
        self.dnsbl = dnsbl
        self.validator = validator
        self.nxdomainCut = nxdomainCut
        self.commonDKIMSelectors = commonDKIMSelectors
        self.publicSuffixList = publicSuffixList
        self.dkimSelectors = dkimSelectors
        self.deadline = deadline
        self.resolverNames = resolverNames
    }
}
