import MailFacts

/// The records a domain's findings were judged on, without the lookups' details
/// (`--facts summary`): enough to see what was published, a fraction of the size.
public struct FactsSummary: Codable, Sendable, Equatable {
    public var domain: String
    public var collectedAt: String
    public var resolvers: [String]
    public var collection: CollectionFact
    public var dnssec: String?
    public var mx: [String]?
    public var spf: [String]?
    public var dmarc: String?
    public var dkimSelectorsWithKeys: [String]?
    public var mtaSts: [String]?
    public var tlsRpt: [String]?
    public var bimi: [String]?
    /// The MTA-STS policy fetched from https://mta-sts.DOMAIN/.well-known/mta-sts.txt: its
    /// fields (`mode: enforce`), or why it could not be fetched.
    public var mtaStsPolicy: [String]?
    public var smtpEndpoints: [String]?
    /// Each blocklist question and its answer (`192.0.2.1 on zen.spamhaus.org: listed (127.0.0.2)`).
    public var dnsbl: [String]?

    public init(_ facts: FactSet) {
        domain = facts.domain
        collectedAt = facts.collectedAt
        resolvers = facts.resolvers
        collection = facts.collection
        dnssec = facts.dnssec?.status.rawValue
        mx = facts.mx.map { mx in mx.records.map { "\($0.preference) \($0.exchange)" } }
        spf = facts.spf?.records
        dmarc = facts.dmarc?.record?.text
        dkimSelectorsWithKeys = facts.dkim?.found
        mtaSts = facts.mtaSts?.records
        tlsRpt = facts.tlsRpt?.records
        bimi = facts.bimi?.records
        mtaStsPolicy = facts.mtaStsPolicy.map(Self.policyLines)
        smtpEndpoints = facts.smtp?.endpoints.map { "\($0.host) [\($0.address)]:\($0.port) \($0.outcome.rawValue)" }
        dnsbl = facts.dnsbl?.checks.map { check in
            "\(check.name): \(check.status.rawValue)" + (check.codes.isEmpty ? "" : " (\(check.codes.map(\.address).joined(separator: ", ")))")
        }
    }

    /// The records as labelled rows, for the reports (text --verbose, HTML).
    public var rows: [(label: String, values: [String])] {
        var rows: [(String, [String])] = []
        if let mx { rows.append(("MX", mx.isEmpty ? ["none"] : mx)) }
        if let spf { rows.append(("SPF", spf.isEmpty ? ["none"] : spf)) }
        if let dmarc { rows.append(("DMARC", [dmarc])) }
        if let dkim = dkimSelectorsWithKeys { rows.append(("DKIM selectors with keys", dkim.isEmpty ? ["none found"] : dkim)) }
        if let mtaSts, !mtaSts.isEmpty { rows.append(("MTA-STS", mtaSts)) }
        if let mtaStsPolicy, !mtaStsPolicy.isEmpty { rows.append(("MTA-STS policy", mtaStsPolicy)) }
        if let tlsRpt, !tlsRpt.isEmpty { rows.append(("TLS-RPT", tlsRpt)) }
        if let bimi, !bimi.isEmpty { rows.append(("BIMI", bimi)) }
        if let dnssec { rows.append(("DNSSEC", [dnssec])) }
        if let dnsbl, !dnsbl.isEmpty { rows.append(("Blocklists", dnsbl)) }
        return rows
    }

    /// A fetched policy as its fields in the file's own words; a fetch that failed as what happened.
    static func policyLines(_ facts: MTASTSPolicyFacts) -> [String] {
        if let policy = facts.policy {
            var lines: [String] = []
            if let version = policy.version { lines.append("version: \(version)") }
            if let mode = policy.mode { lines.append("mode: \(mode.rawValue)") }
            lines += policy.mx.map { "mx: \($0)" }
            if let maxAge = policy.maxAge { lines.append("max_age: \(maxAge)") }
            return lines.isEmpty ? ["(empty)"] : lines
        }
        let fetch = facts.fetch
        var what = "not fetched (\(fetch.outcome.rawValue)"
        if let status = fetch.httpStatus { what += ", HTTP \(status)" }
        if let error = fetch.error ?? fetch.certificateError { what += ": \(error)" }
        return [what + ")"]
    }
}
