import MailFacts

/// Reads a domain's SPF policy without a client address, as an auditor needs it: the whole
/// include/redirect tree, the DNS-querying terms and void lookups it costs when nothing
/// matches (RFC 7208 §4.6.4), the `all` it ends at, loops, and every error, keeping the
/// parsed data whatever goes wrong. Targets written with macros depend on the message and
/// are not followed.
public struct SPFAnalyzer: Sendable {
    public let resolver: any SPFResolver
    /// Records read at most, so that a hostile tree cannot make the analysis endless.
    public static let maximumRecords = 40
    /// The most DNS queries one analysis makes: every include followed (found or not) and
    /// every void check counts, so a hostile record of thousands of terms cannot make
    /// thousands of queries. Ten times what check_host() may do (RFC 7208 §4.6.4).
    public static let maximumQueries = 100

    public init(resolver: any SPFResolver) {
        self.resolver = resolver
    }

    public func analyze(_ domain: String) async -> SPFFacts {
        var facts = SPFFacts(domain: domain, status: .none)
        switch await resolver.txt(domain) {
        case .failed(let reason):
            facts.status = .lookupFailed
            facts.problems.append(SPFProblemFact(domain: domain, message: "the TXT lookup failed: \(reason)"))
            return facts
        case .nodata, .nxdomain:
            return facts
        case .found(let texts):
            facts.records = texts.filter(SPFRecord.isSPF)
        }
        guard !facts.records.isEmpty else { return facts }
        if facts.records.count > 1 {
            facts.status = .multipleRecords
            facts.problems.append(SPFProblemFact(domain: domain, message: "\(facts.records.count) SPF records; RFC 7208 §4.5 allows one (permerror)"))
            return facts
        }
        facts.recordLength = facts.records[0].utf8.count
        var walk = Walk()
        let root = await node(domain, via: .root, text: facts.records[0], path: [], walk: &walk)
        facts.tree = root
        facts.dnsLookups = walk.lookups
        facts.voidLookups = walk.voids
        facts.lookupLimitExceeded = walk.lookups > SPFEvaluator.lookupLimit
        facts.voidLimitExceeded = walk.voids > SPFEvaluator.voidLookupLimit
        facts.usesPTR = walk.usesPTR
        facts.usesMacros = walk.usesMacros
        facts.termsAfterAll = walk.termsAfterAll
        facts.loops = walk.loops
        facts.problems = walk.problems
        (facts.effectiveAll, facts.allReachedVia) = Self.effectiveAll(root)
        if facts.lookupLimitExceeded {
            facts.problems.append(SPFProblemFact(domain: domain, message: "\(walk.lookups) DNS-querying terms; RFC 7208 §4.6.4 allows 10 (permerror)"))
        }
        if facts.voidLimitExceeded {
            facts.problems.append(SPFProblemFact(domain: domain, message: "\(walk.voids) void lookups; RFC 7208 §4.6.4 allows 2 (permerror)"))
        }
        facts.status = facts.problems.isEmpty ? .valid : .invalid
        return facts
    }

    private struct Walk {
        var lookups = 0
        var voids = 0
        var records = 0
        var queries = 0
        var usesPTR = false
        var usesMacros = false
        var termsAfterAll: [String] = []
        var loops: [String] = []
        var problems: [SPFProblemFact] = []
    }

    /// One record and, depth first, the records it includes or redirects to.
    private func node(_ domain: String, via: SPFNodeVia, text: String, path: [String], walk: inout Walk) async -> SPFNodeFact {
        walk.records += 1
        let record = SPFRecord(text)
        var node = SPFNodeFact(domain: domain, via: via, lookup: .found, record: text, errors: record.errors.map(\.description))
        for error in record.errors {
            walk.problems.append(SPFProblemFact(domain: domain, term: error.term, message: error.message))
        }
        let path = path + [DomainNameLabel.normalized(domain)]
        var sawAll = false
        for term in record.terms {
            switch term {
            case .directive(let qualifier, let mechanism, let termText):
                if sawAll { walk.termsAfterAll.append("\(domain): \(termText)") }
                if case .all = mechanism { sawAll = true }
                var fact = SPFTermFact(text: termText, name: mechanism.name, qualifier: qualifier.rawValue, dnsLookup: mechanism.queriesDNS)
                if mechanism.queriesDNS { walk.lookups += 1 }
                switch mechanism {
                case .ptr: walk.usesPTR = true
                case .include(let spec):
                    if let target = literal(spec, walk: &walk) {
                        if let child = await follow(target, via: .include, from: domain, term: termText, path: path, walk: &walk) {
                            node.children.append(child)
                        }
                    }
                case .a(let spec, _, _), .mx(let spec, _, _):
                    let target = spec.map { literal($0, walk: &walk) } ?? domain
                    if let target { fact.void = await isVoid(target, mx: mechanism.name == "mx", walk: &walk, from: domain, term: termText) }
                case .exists(let spec):
                    if let target = literal(spec, walk: &walk) { fact.void = await isVoid(target, mx: false, walk: &walk, from: domain, term: termText) }
                default: break
                }
                node.terms.append(fact)
            case .redirect(let spec):
                node.terms.append(SPFTermFact(text: "redirect=\(spec)", name: "redirect", qualifier: nil, dnsLookup: true))
                // §6.1: redirect is used only when no mechanism matches; an `all` always does.
                if record.directives.contains(where: { if case .all = $0.mechanism { return true } else { return false } }) { continue }
                walk.lookups += 1
                if let target = literal(spec, walk: &walk),
                   let child = await follow(target, via: .redirect, from: domain, term: "redirect=\(spec)", path: path, walk: &walk) {
                    node.children.append(child)
                }
            case .explanation(let spec):
                node.terms.append(SPFTermFact(text: "exp=\(spec)", name: "exp", qualifier: nil, dnsLookup: false))
            case .unknownModifier(let name, let value):
                node.terms.append(SPFTermFact(text: "\(name)=\(value)", name: name, qualifier: nil, dnsLookup: false))
            }
        }
        return node
    }

    private func follow(_ target: String, via: SPFNodeVia, from domain: String, term: String, path: [String], walk: inout Walk) async -> SPFNodeFact? {
        let key = DomainNameLabel.normalized(target)
        if path.contains(key) {
            walk.loops.append((path + [key]).joined(separator: " → "))
            walk.problems.append(SPFProblemFact(domain: domain, term: term, message: "\(via) loop back to \(target)"))
            return nil
        }
        guard walk.records < Self.maximumRecords else {
            walk.problems.append(SPFProblemFact(domain: domain, term: term, message: "not followed: more than \(Self.maximumRecords) records in the tree"))
            return nil
        }
        guard walk.queries < Self.maximumQueries else {
            walk.problems.append(SPFProblemFact(domain: domain, term: term, message: "not followed: more than \(Self.maximumQueries) DNS queries for the tree"))
            return nil
        }
        walk.queries += 1
        switch await resolver.txt(target) {
        case .failed(let reason):
            walk.problems.append(SPFProblemFact(domain: domain, term: term, message: "the TXT lookup of \(target) failed: \(reason) (temperror)"))
            return SPFNodeFact(domain: target, via: via, lookup: .failed(reason))
        case .nodata, .nxdomain:
            walk.problems.append(SPFProblemFact(domain: domain, term: term, message: "\(target) has no SPF record (permerror)"))
            return SPFNodeFact(domain: target, via: via, lookup: .absent)
        case .found(let texts):
            let records = texts.filter(SPFRecord.isSPF)
            guard records.count == 1 else {
                let message = records.isEmpty ? "\(target) has no SPF record (permerror)" : "\(target) has \(records.count) SPF records (permerror)"
                walk.problems.append(SPFProblemFact(domain: domain, term: term, message: message))
                return SPFNodeFact(domain: target, via: via, lookup: .found, errors: [message])
            }
            return await node(target, via: via, text: records[0], path: path, walk: &walk)
        }
    }

    /// Whether a target's lookup finds nothing (a void lookup, §4.6.4); nil when it failed.
    private func isVoid(_ target: String, mx: Bool, walk: inout Walk, from domain: String, term: String) async -> Bool? {
        // Over the query budget the term is left unchecked (nil, as for a failed lookup).
        guard walk.queries < Self.maximumQueries else { return nil }
        walk.queries += mx ? 1 : 2
        let empty: Bool
        if mx {
            switch await resolver.mx(target) {
            case .found(let list):
                if list.count > SPFEvaluator.lookupLimit {
                    walk.problems.append(SPFProblemFact(domain: domain, term: term, message: "\(target) has \(list.count) MX records; at most 10 are looked up (permerror)"))
                }
                empty = false
            case .nodata, .nxdomain: empty = true
            case .failed: return nil
            }
        } else {
            // A void lookup is one with no A and no AAAA record.
            let v4 = await resolver.addresses(target, ipv6: false)
            let v6 = await resolver.addresses(target, ipv6: true)
            switch (v4, v6) {
            case (.found, _), (_, .found): empty = false
            case (.failed, _), (_, .failed): return nil
            default: empty = true
            }
        }
        if empty { walk.voids += 1 }
        return empty
    }

    /// A target with no macros, as a domain; nil (and noted) when macros make it depend on the message.
    private func literal(_ spec: SPFMacroString, walk: inout Walk) -> String? {
        guard spec.tokens.allSatisfy({ if case .literal = $0 { return true } else { return false } }) else {
            walk.usesMacros = true
            return nil
        }
        var name = spec.text
        if name.hasSuffix(".") { name.removeLast() }
        return name
    }

    /// The `all` reached when nothing matches: the record's own, else its redirect's (§6.1).
    static func effectiveAll(_ node: SPFNodeFact) -> (String?, [String]) {
        if let all = node.terms.first(where: { $0.name == "all" }) {
            return ((all.qualifier ?? "+") + "all", [node.domain])
        }
        if let redirect = node.children.first(where: { $0.via == .redirect }) {
            let (all, via) = effectiveAll(redirect)
            return (all, [node.domain] + via)
        }
        return (nil, [node.domain])
    }
}
