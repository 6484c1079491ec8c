import MailFacts
import RuleEngine

/// Across the domains of a run: each kind of problem (a rule that did not pass), with the
/// domains it hits, worst first (outcome, then the rule's impact, then how many domains).
/// Reports of several domains open with it, so an admin of fifty domains reads "No SPF record:
/// 12 domains" once, with its fix, instead of twelve times.
public struct FixFirst: Sendable {
    public struct Group: Sendable {
        public var ruleID: String
        public var area: String
        public var title: String
        /// The outcome its findings share.
        public var outcome: Outcome
        public var impact: Int
        /// The domains it hits, in the report's order.
        public var domains: [String]
        /// Findings in all (an MX problem may hit several servers of one domain).
        public var findings: Int
        /// The fix of its first finding, and the domain it was written for.
        public var fix: String?
        public var fixDomain: String
        /// For domains that could not be audited at all, the shared cause (the resolver did
        /// not answer): one line for the outage, not one per domain.
        public var collectionFailure: CollectionFailure?
    }

    public var groups: [Group]

    /// How many groups a report shows at its top.
    public static let shown = 10

    public init(_ report: AuditReport) {
        var groups: [Group] = []
        var index: [String: Int] = [:]
        for domain in report.domains {
            if domain.summary.collectionError != nil, let failure = domain.facts.collection.failure, Self.shared(failure) {
                let key = "collection:" + failure.rawValue + ":" + domain.facts.resolvers.joined(separator: " ")
                if let at = index[key] {
                    groups[at].domains.append(domain.domain)
                    groups[at].findings += 1
                } else {
                    index[key] = groups.count
                    groups.append(Group(ruleID: key, area: "collection", title: Self.title(failure, resolvers: domain.facts.resolvers),
                                        outcome: .error, impact: 5, domains: [domain.domain], findings: 1, fix: nil,
                                        fixDomain: domain.domain, collectionFailure: failure))
                }
                continue
            }
            let counted = domain.findings.filter { [.fail, .warn, .error].contains($0.outcome) && $0.isCounted }
            for finding in counted {
                // One group per rule and outcome: a domain whose check could not judge is not
                // listed under the failure of another ("does not exist" for a lame delegation).
                let key = finding.ruleID + "\0" + finding.outcome.rawValue
                if let at = index[key] {
                    if groups[at].domains.last != domain.domain { groups[at].domains.append(domain.domain) }
                    groups[at].findings += 1
                    if groups[at].fix == nil, let fix = finding.fix { (groups[at].fix, groups[at].fixDomain) = (fix, domain.domain) }
                } else {
                    index[key] = groups.count
                    groups.append(Group(ruleID: finding.ruleID, area: finding.area, title: finding.title, outcome: finding.outcome,
                                        impact: finding.impact ?? 2, domains: [domain.domain], findings: 1, fix: finding.fix,
                                        fixDomain: domain.domain, collectionFailure: nil))
                }
            }
        }
        // Domains that could not be audited at all come first (nothing else was seen of
        // them), then by outcome, impact and reach.
        self.groups = groups.sorted { a, b in
            let left = (a.collectionFailure != nil ? 1 : 0, TextReport.rank(a.outcome), a.impact, a.domains.count)
            let right = (b.collectionFailure != nil ? 1 : 0, TextReport.rank(b.outcome), b.impact, b.domains.count)
            return left != right ? left > right : a.ruleID < b.ruleID
        }
    }

    /// The rules whose problem hits more than one domain: reports give their fix once, at the top.
    public var shared: Set<String> {
        Set(groups.prefix(Self.shown).filter { $0.domains.count > 1 && $0.collectionFailure == nil && $0.outcome != .error }.map(\.ruleID))
    }

    /// Domains that could not be audited for a cause they share with others (a resolver
    /// outage): the top of the report names them all, so their own sections are left out.
    public var outage: Set<String> {
        Set(groups.prefix(Self.shown).filter { $0.collectionFailure != nil && $0.domains.count > 1 }.flatMap(\.domains))
    }

    /// Causes of a failed collection that are the resolver's, not the domain's.
    static func shared(_ failure: CollectionFailure) -> Bool {
        failure != .invalidName
    }

    /// One wording per cause, whatever the details of each domain's message.
    static func title(_ failure: CollectionFailure, resolvers: [String]) -> String {
        let named = resolvers.isEmpty ? "the system's resolver" : "the resolver " + resolvers.joined(separator: ", ")
        switch failure {
        case .resolverTimeout: return "Could not audit: \(named) did not answer"
        case .resolverUnreachable: return "Could not audit: \(named) cannot be reached"
        case .resolverRefused: return "Could not audit: \(named) refuses to answer for these names"
        case .resolverMalformed: return "Could not audit: \(named) answers with something that is not DNS"
        case .deadlineExceeded: return "Could not audit: not finished within the domain's deadline"
        case .invalidName: return "Could not audit: not a name that can be asked for"
        }
    }

    /// "a.test, b.test and 3 more".
    public static func names(_ domains: [String], limit: Int = 5) -> String {
        let shown = domains.prefix(limit).joined(separator: ", ")
        return domains.count > limit ? shown + " and \(domains.count - limit) more" : shown
    }
}
