import DNSClient
import MailFacts
import NetworkSupport

/// The name-server checks of a run (docs/architecture.md, "The name-server checks"): for
/// each zone, its NS names and their addresses through the resolver, the parent's
/// delegation, then each address asked directly. A zone is checked once per run: the
/// domains that share a provider's zone share its result (the first domain to ask starts
/// the check, the others wait for it).
///
/// Its lookups through the resolver set CD (RFC 4035 §3.2.2): the checks are about the
/// servers, and a DNSSEC-bogus zone still has servers to judge (bogus is dnssec.bogus's).
public actor NameServerChecker {
    /// Not a name in any zone: an authoritative server refuses it or refers it upward; only
    /// a resolver that recurses answers it (NXDOMAIN from the root, RFC 6761 §6.4), or sets RA.
    static let recursionProbeName = "mailaudit-recursion-check.invalid."

    let queries: any AuthoritativeQuerying
    /// Addresses tested per zone; the rest are counted (`addressesNotTested`).
    let maxAddressesPerZone: Int
    private var zones: [String: Task<ZoneServersCheck, Never>] = [:]
    private var apexes: [String: Task<(String?, Int), Never>] = [:]
    private var apexQueries = 0

    public init(queries: any AuthoritativeQuerying, maxAddressesPerZone: Int = 8) {
        self.queries = queries
        self.maxAddressesPerZone = maxAddressesPerZone
    }

    /// The zones checked in this run and the queries sent to their servers (for the
    /// benchmark: once per zone, not once per domain).
    public func totals() async -> (zones: Int, queries: Int) {
        var queries = apexQueries
        for task in zones.values { queries += await task.value.zone.queries }
        return (zones.count, queries)
    }

    /// The facts of `zone` (no final dot), checked now or earlier in the run.
    public func zone(_ zone: String, dns: any DNSLookup) async -> ZoneServersCheck {
        if let task = zones[zone] { return await task.value }
        let (queries, max) = (queries, maxAddressesPerZone)
        let task = Task { await Self.check(zone, dns: dns, queries: queries, maxAddresses: max) }
        zones[zone] = task
        return await task.value
    }

    /// The zone that holds `name`: the nearest name at or above it with an NS set (at most
    /// 10 steps), remembered for the run. A name the resolver gives no NS set for may still be
    /// delegated, to servers that answer badly (a resolver that met a lame server can answer
    /// NODATA): its parent's servers are asked whether they refer it. Nil when a lookup failed.
    /// `host`: the name is a host's (an MX), which is rarely a zone's apex: its own NODATA is
    /// taken as it is, and the parent is asked only about the names above it (one query less
    /// per MX host of a bulk run).
    public func apex(of name: String, dns: any DNSLookup, host: Bool = false) async -> String? {
        let key = name.lowercased()
        if let task = apexes[key] { return await task.value.0 }
        let queries = queries
        let task = Task { await Self.findApex(of: key, dns: dns, queries: queries, host: host) }
        apexes[key] = task
        let (apex, sent) = await task.value
        apexQueries += sent
        return apex
    }

    /// The zone of `name`, and the queries sent to a parent's servers to find it.
    static func findApex(of name: String, dns: any DNSLookup, queries: any AuthoritativeQuerying, host: Bool = false) async -> (String?, Int) {
        var sent = 0
        var first = true
        var labels = name.split(separator: ".").map(String.init)
        for _ in 0..<10 where !labels.isEmpty {
            let candidate = labels.joined(separator: ".")
            let answer = await dns.query(candidate + ".", .NS, checkingDisabled: true)
            if answer.outcome == .records, answer.cnameChain.isEmpty,
               answer.records.contains(where: { $0.type == .NS && DNSName.absolute($0.name) == DNSName.absolute(candidate) }) {
                return (candidate, sent)
            }
            // NODATA, or a lookup that failed (a lame or dead delegation makes the resolver
            // SERVFAIL or time out): the parent's servers say whether the name is delegated.
            // Only NXDOMAIN says no zone starts here.
            if labels.count > 1, answer.outcome != .nxdomain, answer.outcome != .invalidName,
               !(host && first && answer.outcome == .nodata) {
                let (delegation, asked) = await delegation(of: candidate, dns: dns, queries: queries)
                sent += asked
                if let status = delegation?.status, ["referral", "answer"].contains(status) { return (candidate, sent) }
                // The name's own lookup failed and its parent gave no definite answer either:
                // climbing on would take an enclosing zone (the TLD's) for the domain's.
                if answer.outcome != .nodata && !["no-referral", "refused"].contains(delegation?.status ?? "") { return (nil, sent) }
            } else if answer.outcome != .nodata && answer.outcome != .nxdomain {
                return (nil, sent)
            }
            first = false
            labels.removeFirst()
        }
        return (nil, sent)
    }

    // MARK: - One zone

    static func check(_ zone: String, dns: any DNSLookup, queries: any AuthoritativeQuerying, maxAddresses: Int) async -> ZoneServersCheck {
        async let nsLookup = dns.query(zone + ".", .NS, checkingDisabled: true)
        async let delegation = Self.delegation(of: zone, dns: dns, queries: queries)
        let nsAnswer = await nsLookup
        let (parentFact, parentQueries) = await delegation
        // When the resolver gives no NS set (a lame server made it fail), the parent's
        // delegation names the servers to ask.
        var nsNames = Self.names(in: nsAnswer.records, owner: zone)
        if nsNames.isEmpty, let parentFact, ["referral", "answer"].contains(parentFact.status) { nsNames = parentFact.ns }
        var fact = ZoneServersFact(zone: zone, usedFor: [], nsLookup: LookupFact(nsAnswer), ns: nsNames)
        var names = await nsNames.concurrentMap { name in
            async let a = dns.query(name + ".", .A, checkingDisabled: true)
            async let aaaa = dns.query(name + ".", .AAAA, checkingDisabled: true)
            let (v4, v6) = (await a, await aaaa)
            let addresses = Self.addresses(v4) + Self.addresses(v6)
            return NameServerNameFact(zone: zone, name: name, addresses: addresses, lookupA: LookupFact(v4), lookupAAAA: LookupFact(v6), inZone: true)
        }
        let pairs = names.flatMap { name in name.addresses.compactMap { text in IPAddress(text).map { (name.name, $0) } } }
        fact.addressesNotTested = max(0, pairs.count - maxAddresses)
        let tested = await Array(pairs.prefix(maxAddresses)).concurrentMap { pair in
            await Self.test(zone: zone, host: pair.0, address: pair.1, queries: queries)
        }
        let servers = tested.map(\.fact)
        fact.soa = tested.lazy.compactMap(\.soa).first
        fact.serials = Array(Set(servers.compactMap(\.serial))).sorted()
        fact.addressesTested = servers.count
        fact.addressesAuthoritative = servers.filter { $0.udp == .authoritative }.count
        fact.parent = Self.parent(of: zone)
        fact.delegation = parentFact
        fact.queries = tested.reduce(parentQueries) { $0 + $1.queries }
        fact.childNS = Array(Set(servers.compactMap(\.ns).flatMap { $0 })).sorted()
        for index in names.indices {
            if let parentFact, ["referral", "answer"].contains(parentFact.status) {
                names[index].inDelegation = parentFact.ns.contains(names[index].name)
            }
        }
        if var parentFact, !parentFact.glue.isEmpty {
            // Glue is compared only with a name that was resolved (a failed lookup says nothing).
            parentFact.glue = parentFact.glue.compactMap { glue in
                guard let name = names.first(where: { $0.name == glue.name }), name.status == "resolves",
                      !name.lookupA.outcome.isFailure, !name.lookupAAAA.outcome.isFailure else { return nil }
                // Glue is for names in or below the zone (RFC 9471 §2); per family, only where
                // the parent gave glue of that family.
                guard glue.name == zone || glue.name.hasSuffix("." + zone) else { return nil }
                let families = Set(glue.addresses.map { $0.contains(":") })
                return GlueFact(name: glue.name, addresses: glue.addresses, resolved: name.addresses.filter { families.contains($0.contains(":")) })
            }
            fact.delegation = parentFact
        }
        fact.prefixes = Array(Set(pairs.map { Self.prefix(of: $0.1) })).sorted()
        return ZoneServersCheck(zone: fact, names: names, servers: servers)
    }

    /// `192.0.2.0/24`, `2001:db8:1::/48`: the network RFC 2182 §3.1 asks NS to be spread over.
    static func prefix(of address: IPAddress) -> String {
        if address.isIPv4 {
            return address.bytes.prefix(3).map(String.init).joined(separator: ".") + ".0/24"
        }
        let groups = stride(from: 0, to: 6, by: 2).map { String(UInt16(address.bytes[$0]) << 8 | UInt16(address.bytes[$0 + 1]), radix: 16) }
        return groups.joined(separator: ":") + "::/48"
    }

    static func parent(of zone: String) -> String? {
        guard let dot = zone.firstIndex(of: ".") else { return "." }
        return String(zone[zone.index(after: dot)...])
    }

    static func names(in records: [DNSRecord], owner: String) -> [String] {
        let wanted = DNSName.absolute(owner)
        let names = records.compactMap { record -> String? in
            guard DNSName.absolute(record.name) == wanted, case .ns(let target) = record.data else { return nil }
            return Self.bare(target)
        }
        return Array(Set(names)).sorted()
    }

    static func addresses(_ answer: DNSAnswer) -> [String] {
        answer.records.compactMap { record in
            switch record.data {
            case .a(let text), .aaaa(let text): IPAddress(text)?.description
            default: nil
            }
        }.sorted()
    }

    static func bare(_ name: String) -> String {
        let lower = name.lowercased()
        return lower.hasSuffix(".") ? String(lower.dropLast()) : lower
    }

    // MARK: - The parent's delegation

    /// Asks the parent's servers (at most two addresses, until one answers) for the zone's NS.
    static func delegation(of zone: String, dns: any DNSLookup, queries: any AuthoritativeQuerying) async -> (DelegationFact?, Int) {
        guard let parent = parent(of: zone) else { return (nil, 0) }
        let parentNS = await dns.query(parent == "." ? "." : parent + ".", .NS, checkingDisabled: true)
        var addresses: [(String, IPAddress)] = []
        for name in names(in: parentNS.records, owner: parent == "." ? "." : parent).prefix(3) {
            let answer = await dns.query(name + ".", .A, checkingDisabled: true)
            addresses += Self.addresses(answer).compactMap { text in IPAddress(text).map { (name, $0) } }
            if addresses.count >= 2 { break }
        }
        guard !addresses.isEmpty else {
            return (DelegationFact(status: "no-parent-server", detail: "no address found for a name server of \(parent) (\(parentNS.outcome.rawValue))"), 0)
        }
        var last = DelegationFact(status: "timeout")
        var sent = 0
        for (name, address) in addresses.prefix(2) {
            let reply = await queries.ask(ServerQuery(zone, .NS, server: address))
            sent += 1
            let server = "\(name) [\(address)]"
            switch reply.outcome {
            case .timeout: last = DelegationFact(status: "timeout", server: server); continue
            case .networkError(let text), .malformed(let text): last = DelegationFact(status: "network-error", server: server, detail: text); continue
            case .response: break
            }
            let answerNS = names(in: reply.answer, owner: zone)
            if reply.authoritative, !answerNS.isEmpty {
                return (DelegationFact(status: "answer", server: server, ns: answerNS), sent)
            }
            let referralNS = names(in: reply.authority, owner: zone)
            guard !referralNS.isEmpty else {
                last = DelegationFact(status: reply.rcode == 5 ? "refused" : "no-referral", server: server,
                                      detail: "\(reply.rcodeName), \(reply.authority.count) authority records")
                // An authoritative answer without a referral is definite: no other server is asked.
                if reply.authoritative && (reply.rcode == 0 || reply.rcode == 3) { return (last, sent) }
                continue
            }
            var glue: [String: [String]] = [:]
            for record in reply.additional {
                let owner = bare(record.name)
                guard referralNS.contains(owner) else { continue }
                switch record.data {
                case .a(let text), .aaaa(let text): if let ip = IPAddress(text) { glue[owner, default: []].append(ip.description) }
                default: break
                }
            }
            let glueFacts = glue.keys.sorted().map { GlueFact(name: $0, addresses: glue[$0]!, resolved: []) }
            return (DelegationFact(status: "referral", server: server, ns: referralNS, glue: glueFacts), sent)
        }
        return (last, sent)
    }

    // MARK: - One address

    struct Tested: Sendable {
        var fact: NameServerAddressFact
        var soa: SOAFact?
        var queries: Int
    }

    static func test(zone: String, host: String, address: IPAddress, queries: any AuthoritativeQuerying) async -> Tested {
        var fact = NameServerAddressFact(zone: zone, host: host, address: address.description, family: address.isIPv4 ? .ipv4 : .ipv6)
        async let udpReply = queries.ask(ServerQuery(zone, .SOA, server: address))
        async let tcpReply = queries.ask(ServerQuery(zone, .SOA, server: address, transport: .tcp))
        let (udp, tcp) = (await udpReply, await tcpReply)
        (fact.udp, fact.detail) = classify(udp)
        let tcpDetail: String?
        (fact.tcp, tcpDetail) = classify(tcp)
        if fact.detail == nil, let tcpDetail { fact.detail = "TCP: " + tcpDetail }
        // No IPv6 route from this machine: the server was not asked at all.
        if !address.isIPv4, [udp, tcp].allSatisfy({ Self.isNoRoute($0) }) {
            fact.udp = .noRoute
            fact.tcp = .noRoute
            return Tested(fact: fact, soa: nil, queries: 2)
        }
        var soa: SOAFact?
        for reply in [udp, tcp] where soa == nil && reply.authoritative {
            for record in reply.answer {
                if case .soa(let mname, let rname, let serial, let refresh, let retry, let expire, let minimum) = record.data,
                   DNSName.absolute(record.name) == DNSName.absolute(zone) {
                    soa = SOAFact(mname: bare(mname), rname: bare(rname), serial: serial, refresh: refresh, retry: retry, expire: expire, minimum: minimum)
                }
            }
        }
        fact.serial = soa?.serial
        guard !(fact.udp.isSilent && fact.tcp.isSilent) else { return Tested(fact: fact, soa: nil, queries: 2) }
        async let nsReply = queries.ask(ServerQuery(zone, .NS, server: address))
        async let ednsReply = queries.ask(ServerQuery(zone, .SOA, server: address, ednsVersion: 1))
        async let recursionReply = queries.ask(ServerQuery(recursionProbeName, .A, server: address, recursionDesired: true))
        async let axfrReply = queries.ask(ServerQuery(zone, .AXFR, server: address, transport: .tcp))
        let ns = await nsReply
        if ns.outcome == .response, ns.authoritative { fact.ns = names(in: ns.answer, owner: zone) }
        // EDNS is asked over UDP: a server silent there is not judged on it.
        if fact.udp.isSilent { _ = await ednsReply } else { (fact.edns, fact.ednsDetail) = edns(await ednsReply) }
        fact.recursion = recursion(await recursionReply)
        fact.axfr = axfr(await axfrReply)
        return Tested(fact: fact, soa: fact.udp == .authoritative || fact.tcp == .authoritative ? soa : nil, queries: 6)
    }

    /// ENETUNREACH, EADDRNOTAVAIL or EAFNOSUPPORT: the errors of a host without IPv6.
    static func isNoRoute(_ reply: ServerReply) -> Bool {
        guard case .networkError(let text) = reply.outcome else { return false }
        return ["Network is unreachable", "Cannot assign requested address", "Address family not supported"].contains { text.contains($0) }
    }

    static func classify(_ reply: ServerReply) -> (NameServerAnswer, String?) {
        switch reply.outcome {
        case .timeout: return (.timeout, "no answer")
        case .networkError(let text): return (.networkError, text)
        case .malformed(let text): return (.malformed, text)
        case .response:
            switch reply.rcode {
            case 0: return reply.authoritative ? (.authoritative, nil) : (.notAuthoritative, "answered NOERROR without the AA flag")
            case 5: return (.refused, "REFUSED")
            default: return (.otherRcode, reply.rcodeName)
            }
        }
    }

    /// RFC 6891 §6.1.3: a responder that does not implement the version asked answers
    /// BADVERS with the highest version it implements.
    static func edns(_ reply: ServerReply) -> (String, String?) {
        guard reply.outcome == .response else { return ("no-answer", "no answer to a query with EDNS version 1") }
        if reply.rcode == 16 { return ("badvers", nil) }
        if reply.rcode == 1 { return ("formerr", "FORMERR to a query with EDNS version 1\(reply.hasEDNS ? "" : ", without OPT")") }
        if !reply.hasEDNS { return ("no-edns", "\(reply.rcodeName) without an OPT record: EDNS is not supported") }
        return ("ignored", "\(reply.rcodeName) with EDNS version \(reply.ednsVersion): the version asked (1) was ignored")
    }

    /// A server that does not answer a recursive query for another zone at all does not
    /// recurse for us either; only a timeout leaves it untested (a loaded server drops too).
    static func recursion(_ reply: ServerReply) -> String {
        switch reply.outcome {
        case .timeout: return "not-tested"
        case .networkError, .malformed: return "not-offered"
        // An NXDOMAIN with AA comes from a server that holds the root zone itself (the lab's
        // ns1.test does), not from recursion; only one without AA had to be looked up.
        case .response:
            // RA on a refusal or an error offers nothing; an answer (or NXDOMAIN) with RA does.
            let answered = reply.rcode == 0 || reply.rcode == 3
            return answered && (reply.recursionAvailable || (reply.rcode == 3 && !reply.authoritative)) ? "offered" : "not-offered"
        }
    }

    /// A closed connection or an error RCODE is a refusal; a timeout is no answer at all.
    static func axfr(_ reply: ServerReply) -> String {
        switch reply.outcome {
        case .timeout: return "not-tested"
        case .networkError, .malformed: return "refused"
        case .response: return reply.rcode == 0 && reply.answer.first?.type == .SOA ? "allowed" : "refused"
        }
    }
}
