import DNSClient
import MailFacts
import NetworkSupport

/// Asks the DNS lists about a domain's mail servers (RFC 5782): each MX address on each IP
/// list, the domain on each domain list, and each list's test entries (§5), which say
/// whether the list's answers can be believed. It records what the answers mean by the
/// data file; it judges nothing (rules/dnsbl.yaml does).
struct DNSBLChecker: Sendable {
    let dns: any DNSLookup
    let options: DNSBLOptions

    func collect(_ domain: DomainName, mx: MXFacts?) async -> DNSBLFacts {
        // Every address of every exchange once, with the first exchange that has it.
        var subjects: [(ip: String, exchange: String)] = []
        var seen = Set<String>()
        for exchange in mx?.exchanges ?? [] {
            for address in exchange.addresses where subjects.count < CollectionLimits.dnsblAddresses
                && seen.insert(IPAddress.canonical(address.ip)).inserted {
                subjects.append((address.ip, exchange.name))
            }
        }
        let lists = options.ipZones.map { ($0, DNSBLListKind.ip) } + options.domainZones.map { ($0, DNSBLListKind.domain) }
        let asked = subjects
        let results = await lists.concurrentMap { zone, kind in
            await self.ask(zone, kind: kind, domain: domain, subjects: asked)
        }
        return DNSBLFacts(lists: results.map(\.list), checks: results.flatMap(\.checks))
    }

    /// The IPv6 test entry every IPv6 list must list (RFC 5782 §5).
    static let ipv6TestEntry = "::ffff:7f00:2"

    private func ask(_ zone: String, kind: DNSBLListKind, domain: DomainName,
                     subjects: [(ip: String, exchange: String)]) async -> (list: DNSBLListFact, checks: [DNSBLCheckFact]) {
        let known = options.catalog.list(for: zone)
        let shown = options.catalog.display(zone)
        let testListed = known?.testListed ?? (kind == .ip ? "127.0.0.2" : "test")
        let testUnlisted = known?.testUnlisted ?? (kind == .ip ? "127.0.0.1" : "invalid")
        let asksIPv6 = kind == .ip && subjects.contains { IPAddress($0.ip)?.isIPv4 == false }
        async let positive = check(zone, shown: shown, kind: kind, subject: testListed, exchange: nil, list: known, reason: false)
        async let negative = check(zone, shown: shown, kind: kind, subject: testUnlisted, exchange: nil, list: known, reason: false)
        async let ipv6Entry = asksIPv6 ? check(zone, shown: shown, kind: kind, subject: Self.ipv6TestEntry, exchange: nil, list: known, reason: false) : nil
        let asked: [(subject: String, exchange: String?)] = kind == .ip ? subjects.map { ($0.ip, $0.exchange) } : [(domain.ascii, nil)]
        let answers = await asked.concurrentMap { subject, exchange in
            await self.check(zone, shown: shown, kind: kind, subject: subject, exchange: exchange, list: known, reason: true)
        }
        let tests = [await positive, await negative]
        let (health, detail) = Self.health(listedEntry: tests[0], unlistedEntry: tests[1])
        var list = DNSBLListFact(zone: shown, kind: kind, listName: known?.name, lookupPage: known?.lookupPage, refusalAdvice: known?.refusalAdvice,
                                 health: health, healthDetail: detail, testEntries: tests)
        if let entry = await ipv6Entry {
            list.ipv6TestEntry = entry
            // Listed: it covers IPv6; not listed: it may not. A refusal or a failed lookup says neither.
            list.coversIPv6 = entry.status == .listed ? true : entry.status == .notListed ? false : nil
        }
        // A list that lists even its must-not entry says nothing by "listed"; one without its
        // must-be entry (for IPv6: its IPv6 one) says nothing by "not listed".
        let checks = answers.map { answer -> DNSBLCheckFact in
            var answer = answer
            let isIPv6 = IPAddress(answer.subject)?.isIPv4 == false
            if (health == .listsEverything && answer.status == .listed) || (health == .missingTestEntry && answer.status == .notListed)
                || (isIPv6 && list.coversIPv6 == false && answer.status == .notListed) {
                answer.status = .unreliable
            }
            return answer
        }
        return (list, checks)
    }

    /// What the test entries (RFC 5782 §5) say of the list, and why in words. A refusal or an
    /// odd answer says more than a lookup that failed beside it, so it comes first.
    static func health(listedEntry: DNSBLCheckFact, unlistedEntry: DNSBLCheckFact) -> (DNSBLListHealth, String?) {
        let both = [listedEntry, unlistedEntry]
        func said(_ entry: DNSBLCheckFact) -> String {
            entry.codes.isEmpty ? entry.lookup.outcome.rawValue : entry.codes.map(\.address).joined(separator: ", ")
        }
        if let refused = both.first(where: { $0.status == .refused }) {
            return (.refused, "it answered its test entry \(refused.subject) with \(said(refused)), a refusal")
        }
        if let odd = both.first(where: { $0.status == .unexpectedAnswer }) {
            return (.unexpectedAnswer, "it answered its test entry \(odd.subject) with \(said(odd)), outside 127.0.0.0/8")
        }
        if let failed = both.first(where: { $0.status == .lookupFailed }) {
            return (.lookupFailed, "the lookup of its test entry \(failed.subject) failed (\(failed.lookup.outcome.rawValue))")
        }
        if unlistedEntry.status == .listed {
            return (.listsEverything, "it lists \(unlistedEntry.subject) (\(said(unlistedEntry))), which no list may list (RFC 5782 §5)")
        }
        if listedEntry.status != .listed {
            return (.missingTestEntry, "it does not list its test entry \(listedEntry.subject) (\(said(listedEntry))), which every list must (RFC 5782 §5)")
        }
        return (.usable, nil)
    }

    /// The query name of `subject` on `zone`: an address reversed (octets, or nibbles for
    /// IPv6), a domain as it is. Nil for an IP subject that is not an address.
    static func queryName(_ subject: String, kind: DNSBLListKind, zone: String) -> String? {
        switch kind {
        case .ip: return IPAddress(subject).map { "\($0.reversedLabels).\(zone)." }
        case .domain: return "\(DNSBLCatalog.normal(subject)).\(zone)."
        }
    }

    /// One question: `zone` is asked, `shown` is what the facts call it (a data-feed key hidden).
    private func check(_ zone: String, shown: String, kind: DNSBLListKind, subject: String, exchange: String?, list: DNSBLCatalog.List?,
                       reason wantsReason: Bool) async -> DNSBLCheckFact {
        guard let name = Self.queryName(subject, kind: kind, zone: zone) else {
            let lookup = LookupFact(name: subject, type: "A", outcome: .invalidName, detail: "not an IP address")
            return DNSBLCheckFact(zone: shown, subject: subject, exchange: exchange, lookup: lookup, status: .lookupFailed)
        }
        let answer = await dns.query(name, .A)
        var lookup = LookupFact(answer)
        if shown != zone {
            // The data-feed key is asked but never recorded: not in the name, a CNAME chain or
            // the resolver's words about the lookup.
            lookup.name = lookup.name.replacingOccurrences(of: zone, with: shown)
            lookup.cnameChain = lookup.cnameChain.map { $0.replacingOccurrences(of: zone, with: shown) }
            lookup.detail = lookup.detail?.replacingOccurrences(of: zone, with: shown)
        }
        var fact = DNSBLCheckFact(zone: shown, subject: subject, exchange: exchange, lookup: lookup, status: .notListed)
        switch answer.outcome {
        case .records:
            fact.codes = answer.records.compactMap { record -> DNSBLCodeFact? in
                guard case .a(let address) = record.data else { return nil }
                return DNSBLCatalog.decode(address, list: list)
            }
        case .nxdomain, .nodata:
            return fact
        default:
            fact.status = .lookupFailed
            return fact
        }
        let kinds = Set(fact.codes.map(\.kind))
        fact.status = kinds.contains(.refused) ? .refused : kinds.contains(.unexpectedAnswer) ? .unexpectedAnswer
            : kinds.contains(.listed) ? .listed : .notListed
        // Why it is listed: the list's TXT record (RFC 5782 §2.1), for a listing only.
        if fact.status == .listed && wantsReason {
            let txt = await dns.query(name, .TXT)
            let texts = txt.records.compactMap { record -> String? in
                guard case .txt(let strings) = record.data else { return nil }
                return TXTRecordFact(strings: strings).text
            }
            if !texts.isEmpty { fact.reason = String(texts.joined(separator: " | ").prefix(CollectionLimits.dnsblReasonCharacters)) }
        }
        return fact
    }
}
