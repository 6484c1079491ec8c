import Foundation
import NetworkSupport

/// RFC 7208 check_host(): the SPF result for a client address, a sender and a HELO name,
/// with a trace of each term and lookup. One evaluator per evaluation (it counts lookups).
public final class SPFEvaluator: @unchecked Sendable {
    /// §4.6.4: at most 10 DNS-querying terms, 10 names per mx or ptr, 2 void lookups.
    public static let lookupLimit = 10
    public static let voidLookupLimit = 2

    private let resolver: any SPFResolver
    private let receiver: String
    private let now: Date

    // One evaluation's state; an evaluator is used for one check_host() call at a time.
    private var lookups = 0
    private var voids = 0
    private var trace: [SPFTraceStep] = []

    public init(resolver: any SPFResolver, receiver: String = "unknown", now: Date = Date()) {
        self.resolver = resolver
        self.receiver = receiver
        self.now = now
    }

    /// check_host(ip, domain, sender) for a MAIL FROM of `sender` (empty for the null
    /// reverse-path, when `helo` stands in, §2.4) from `ip`, as the receiver of a HELO `helo`.
    public func checkHost(ip: IPAddress, sender: String, helo: String) async -> SPFResult {
        lookups = 0
        voids = 0
        trace = []
        // §4.3: an empty local part becomes "postmaster"; with no MAIL FROM the HELO identity
        // is checked as postmaster@helo.
        var mailFrom = sender
        if mailFrom.isEmpty { mailFrom = "postmaster@" + helo }
        var localPart = "postmaster", domain = mailFrom
        if let at = mailFrom.lastIndex(of: "@") {
            let local = String(mailFrom[..<at])
            localPart = local.isEmpty ? "postmaster" : local
            domain = String(mailFrom[mailFrom.index(after: at)...])
        }
        let context = SPFMacroContext(sender: localPart + "@" + domain, localPart: localPart, senderDomain: domain,
                                      domain: domain, ip: ip.unmapped, helo: helo, receiver: receiver,
                                      timestamp: Int(now.timeIntervalSince1970), validatedName: nil)
        var result = await check(domain: domain, context: context, depth: 0)
        result.dnsLookups = lookups
        result.voidLookups = voids
        result.trace = trace
        return result
    }

    private func note(_ depth: Int, _ domain: String, _ text: String, kind: SPFTraceStep.Kind = .term) {
        trace.append(SPFTraceStep(depth: depth, domain: domain, kind: kind, text: text))
    }

    // MARK: - Lookups, each written to the trace

    private var currentDepth = 0
    private var currentDomain = ""

    private func noteLookup<T>(_ type: String, _ name: String, _ result: RecordLookup<[T]>, _ show: (T) -> String) {
        let text: String
        switch result {
        case .found(let values): text = values.isEmpty ? "no records" : values.map(show).joined(separator: ", ")
        case .nodata: text = "NODATA (void)"
        case .nxdomain: text = "NXDOMAIN (void)"
        case .failed(let reason): text = "failed: \(reason)"
        }
        note(currentDepth, currentDomain, "\(type) \(name) → \(text)", kind: .lookup)
    }

    private func tracedTXT(_ name: String) async -> RecordLookup<[String]> {
        let result = await resolver.txt(name)
        noteLookup("TXT", name, result) { "\"\($0)\"" }
        return result
    }

    private func tracedMX(_ name: String) async -> RecordLookup<[String]> {
        let result = await resolver.mx(name)
        noteLookup("MX", name, result) { $0 }
        return result
    }

    private func tracedPTR(_ address: IPAddress) async -> RecordLookup<[String]> {
        let result = await resolver.ptr(address)
        noteLookup("PTR", address.description, result) { $0 }
        return result
    }

    private func tracedAddresses(_ name: String, ipv6: Bool) async -> RecordLookup<[IPAddress]> {
        let result = await resolver.addresses(name, ipv6: ipv6)
        noteLookup(ipv6 ? "AAAA" : "A", name, result) { $0.description }
        return result
    }

    private func outcome(_ code: SPFResult.Code, _ reason: String, explanation: String? = nil) -> SPFResult {
        SPFResult(code: code, explanation: explanation, reason: reason, dnsLookups: lookups, voidLookups: voids, trace: [])
    }

    // MARK: - check_host

    private func check(domain: String, context: SPFMacroContext, depth: Int) async -> SPFResult {
        var context = context
        context.domain = domain
        let (outerDepth, outerDomain) = (currentDepth, currentDomain)
        (currentDepth, currentDomain) = (depth, domain)
        defer { (currentDepth, currentDomain) = (outerDepth, outerDomain) }
        // §4.3: a malformed or single-label domain, or a domain literal, gives none.
        if let problem = Self.domainProblem(domain) {
            note(depth, domain, "not a usable domain (\(problem)): none")
            return outcome(.none, "'\(domain)' is not a valid domain name: \(problem)")
        }
        // §4.4, §4.5: the TXT records that are SPF records.
        let records: [String]
        switch await tracedTXT(domain) {
        case .found(let texts): records = texts.filter(SPFRecord.isSPF)
        case .nodata, .nxdomain: records = []
        case .failed(let reason):
            note(depth, domain, "TXT lookup failed (\(reason)): temperror")
            return outcome(.temperror, "the TXT lookup of \(domain) failed: \(reason)")
        }
        guard !records.isEmpty else {
            note(depth, domain, "no SPF record: none")
            return outcome(.none, "\(domain) publishes no SPF record")
        }
        guard records.count == 1 else {
            note(depth, domain, "\(records.count) SPF records: permerror")
            return outcome(.permerror, "\(domain) publishes \(records.count) SPF records; RFC 7208 §4.5 allows one")
        }
        let record = SPFRecord(records[0])
        note(depth, domain, "record: \(record.text)")
        if let error = record.errors.first {
            note(depth, domain, "syntax error: \(error): permerror")
            return outcome(.permerror, "syntax error in the SPF record of \(domain): \(error)")
        }

        for directive in record.directives {
            let match: MatchResult
            if directive.mechanism.queriesDNS {
                lookups += 1
                if lookups > Self.lookupLimit {
                    note(depth, domain, "\(directive.text): lookup \(lookups) exceeds the limit of \(Self.lookupLimit): permerror")
                    return outcome(.permerror, "more than \(Self.lookupLimit) DNS-querying terms (RFC 7208 §4.6.4)")
                }
            }
            if directive.mechanism.queriesDNS {
                note(depth, domain, "\(directive.text): DNS-querying term \(lookups)/\(Self.lookupLimit)")
            }
            match = await evaluate(directive.mechanism, context: context, depth: depth)
            switch match {
            case .match:
                let code = directive.qualifier.result
                note(depth, domain, "\(directive.text): match → \(code.rawValue)")
                var result = outcome(code, "\(domain): '\(directive.text)' matched")
                if code == .fail, let exp = record.explanation {
                    result.explanation = await explanation(exp, context: context)
                }
                return result
            case .noMatch(let why):
                note(depth, domain, "\(directive.text): no match\(why.map { " (\($0))" } ?? "")")
            case .error(let code, let why):
                note(depth, domain, "\(directive.text): \(why): \(code.rawValue)")
                return outcome(code, "\(domain): '\(directive.text)': \(why)")
            }
        }

        // §6.1: redirect applies when no mechanism matched.
        if let redirect = record.redirect {
            lookups += 1
            if lookups > Self.lookupLimit {
                note(depth, domain, "redirect=\(redirect): lookup \(lookups) exceeds the limit: permerror")
                return outcome(.permerror, "more than \(Self.lookupLimit) DNS-querying terms (RFC 7208 §4.6.4)")
            }
            guard let target = await expandDomain(redirect, context: context) else {
                return outcome(.permerror, "redirect=\(redirect) expands to no valid domain")
            }
            note(depth, domain, "redirect=\(target)")
            let result = await check(domain: target, context: context, depth: depth + 1)
            if result.code == .none {
                note(depth, domain, "redirect target \(target) has no SPF record: permerror")
                return outcome(.permerror, "redirect=\(target): the target has no SPF record (RFC 7208 §6.1)")
            }
            return result
        }
        note(depth, domain, "no mechanism matched: neutral")
        return outcome(.neutral, "\(domain): no mechanism matched (RFC 7208 §4.7)")
    }

    // MARK: - Mechanisms

    private enum MatchResult {
        case match
        case noMatch(String?)
        case error(SPFResult.Code, String)
    }

    private func evaluate(_ mechanism: SPFRecord.Mechanism, context: SPFMacroContext, depth: Int) async -> MatchResult {
        let ip = context.ip
        switch mechanism {
        case .all:
            return .match
        case .ip4(let network, let prefix), .ip6(let network, let prefix):
            return ip.isIn(network, prefix: prefix) ? .match : .noMatch(nil)
        case .include(let spec):
            guard let target = await expandDomain(spec, context: context) else {
                return .error(.permerror, "expands to no valid domain")
            }
            let result = await check(domain: target, context: context, depth: depth + 1)
            switch result.code {
            case .pass: return .match
            case .fail, .softfail, .neutral: return .noMatch("include:\(target) gave \(result.code.rawValue)")
            // The inner reason is the root cause (a timeout, the lookup limit, ...).
            case .temperror: return .error(.temperror, result.reason)
            case .permerror: return .error(.permerror, result.reason)
            case .none: return .error(.permerror, "include:\(target) has no SPF record (RFC 7208 §5.2)")
            }
        case .a(let spec, let cidr4, let cidr6):
            guard let target = await target(spec, context: context) else { return .error(.permerror, "expands to no valid domain") }
            switch await addressesFor(target, ipv6: !ip.isIPv4) {
            case .failed(let reason): return .error(.temperror, "lookup of \(target) failed: \(reason)")
            case .void(let why): return voided(why)
            case .found(let list):
                return list.contains(where: { matches(ip, $0, cidr4: cidr4, cidr6: cidr6) }) ? .match : .noMatch(nil)
            }
        case .mx(let spec, let cidr4, let cidr6):
            guard let target = await target(spec, context: context) else { return .error(.permerror, "expands to no valid domain") }
            let exchanges: [String]
            switch await tracedMX(target) {
            case .failed(let reason): return .error(.temperror, "MX lookup of \(target) failed: \(reason)")
            case .nodata: return voided("\(target) has no MX records")
            case .nxdomain: return voided("\(target) does not exist")
            case .found(let list): exchanges = list
            }
            if exchanges.count > Self.lookupLimit {
                return .error(.permerror, "\(target) has \(exchanges.count) MX records; at most \(Self.lookupLimit) may be looked up (RFC 7208 §4.6.4)")
            }
            for exchange in exchanges {
                switch await addressesFor(exchange, ipv6: !ip.isIPv4) {
                case .failed(let reason): return .error(.temperror, "lookup of \(exchange) failed: \(reason)")
                case .void: continue
                case .found(let list):
                    if list.contains(where: { matches(ip, $0, cidr4: cidr4, cidr6: cidr6) }) { return .match }
                }
            }
            return .noMatch(nil)
        case .ptr(let spec):
            guard let target = await target(spec, context: context) else { return .error(.permerror, "expands to no valid domain") }
            let names: [String]
            switch await tracedPTR(ip) {
            case .failed: return .noMatch("PTR lookup failed (RFC 7208 §5.5: no match)")
            case .nodata, .nxdomain:
                return voided("no PTR records for \(ip)")
            case .found(let list): names = list
            }
            for name in await validatedNames(names, ip: ip) where DomainNameLabel.isSubdomain(name, of: target) {
                return .match
            }
            return .noMatch(nil)
        case .exists(let spec):
            guard let target = await expandDomain(spec, context: context) else { return .error(.permerror, "expands to no valid domain") }
            // §5.7: always an A lookup, whatever the client's address family.
            switch await tracedAddresses(target, ipv6: false) {
            case .failed(let reason): return .error(.temperror, "lookup of \(target) failed: \(reason)")
            case .nodata: return voided("\(target) has no A record")
            case .nxdomain: return voided("\(target) does not exist")
            case .found(let list): return list.isEmpty ? voided("\(target) has no A record") : .match
            }
        }
    }

    private func voided(_ why: String) -> MatchResult {
        voids += 1
        note(currentDepth, currentDomain, "void lookup \(voids)/\(Self.voidLookupLimit)", kind: .lookup)
        if voids > Self.voidLookupLimit {
            return .error(.permerror, "\(why): more than \(Self.voidLookupLimit) void lookups (RFC 7208 §4.6.4)")
        }
        return .noMatch(why)
    }

    private enum AddressLookup {
        case found([IPAddress])
        case void(String)
        case failed(String)
    }

    /// The addresses of `name` in the client's family (A for IPv4, AAAA for IPv6; §5.3).
    private func addressesFor(_ name: String, ipv6: Bool) async -> AddressLookup {
        switch await tracedAddresses(name, ipv6: ipv6) {
        case .found(let list): return list.isEmpty ? .void("\(name) has no address") : .found(list)
        case .nodata: return .void("\(name) has no \(ipv6 ? "AAAA" : "A") record")
        case .nxdomain: return .void("\(name) does not exist")
        case .failed(let reason): return .failed(reason)
        }
    }

    private func matches(_ ip: IPAddress, _ candidate: IPAddress, cidr4: Int?, cidr6: Int?) -> Bool {
        if ip.isIPv4 { return candidate.isIPv4 && ip.isIn(candidate, prefix: cidr4 ?? 32) }
        return !candidate.isIPv4 && ip.isIn(candidate, prefix: cidr6 ?? 128)
    }

    /// PTR names that resolve back to `ip` (§5.5), looking at no more than 10 names.
    private func validatedNames(_ names: [String], ip: IPAddress) async -> [String] {
        var validated: [String] = []
        for name in names.prefix(Self.lookupLimit) {
            if case .found(let list) = await tracedAddresses(name, ipv6: !ip.isIPv4), list.contains(ip) {
                validated.append(DomainNameLabel.normalized(name))
            }
        }
        return validated
    }

    // MARK: - Domains and macros

    private func target(_ spec: SPFMacroString?, context: SPFMacroContext) async -> String? {
        guard let spec else { return context.domain }
        return await expandDomain(spec, context: context)
    }

    /// Expands a domain-spec and shortens it to 253 characters from the left (§7.3).
    private func expandDomain(_ spec: SPFMacroString, context: SPFMacroContext) async -> String? {
        var context = context
        if spec.usedLetters.contains("p") { context.validatedName = await pMacro(context) }
        var name = spec.expand(context)
        if name.hasSuffix(".") { name.removeLast() }
        while name.utf8.count > 253, let dot = name.firstIndex(of: ".") {
            name = String(name[name.index(after: dot)...])
        }
        return name.isEmpty ? nil : name
    }

    /// The `p` macro (§7.3): a validated name of the client, preferring the domain itself,
    /// then a subdomain of it, else any; "unknown" when none validates.
    private func pMacro(_ context: SPFMacroContext) async -> String {
        guard case .found(let names) = await tracedPTR(context.ip) else { return "unknown" }
        let validated = await validatedNames(names, ip: context.ip)
        let domain = DomainNameLabel.normalized(context.domain)
        if let exact = validated.first(where: { $0 == domain }) { return exact }
        if let sub = validated.first(where: { DomainNameLabel.isSubdomain($0, of: domain) }) { return sub }
        return validated.first ?? "unknown"
    }

    /// The explanation string for a fail (§6.2); nil when it cannot be built.
    private func explanation(_ spec: SPFMacroString, context: SPFMacroContext) async -> String? {
        guard let name = await expandDomain(spec, context: context), Self.domainProblem(name) == nil else { return nil }
        guard case .found(let texts) = await tracedTXT(name), texts.count == 1 else { return nil }
        guard let string = try? SPFMacroString(texts[0], explanation: true) else { return nil }
        var context = context
        if string.usedLetters.contains("p") { context.validatedName = await pMacro(context) }
        return string.expand(context)
    }

    /// Why a name cannot be an SPF domain (§4.3), or nil.
    static func domainProblem(_ domain: String) -> String? {
        var name = domain
        if name.hasSuffix(".") { name.removeLast() }
        if name.hasPrefix("[") { return "a domain literal" }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        if labels.count < 2 { return "not a fully qualified domain name" }
        if labels.contains(where: \.isEmpty) { return "an empty label" }
        if let long = labels.first(where: { $0.utf8.count > 63 }) { return "label '\(long.prefix(20))…' is longer than 63 octets" }
        if name.utf8.count > 253 { return "longer than 253 characters" }
        return nil
    }
}
