import MailFacts

/// The records a domain's findings were judged on, without the lookups' details
/// (`--facts summary`): enough to see what was published, a fraction of the size.
public struct FactsSummary: Encodable, Sendable {
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
    public var smtpEndpoints: [String]?

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
        smtpEndpoints = facts.smtp?.endpoints.map { "\($0.host) [\($0.address)]:\($0.port) \($0.outcome.rawValue)" }
    }

    /// The records as labelled rows, for the reports (text --verbose, HTML).
    public var rows: [(label: String, values: [String])] {
        var rows: [(String, [String])] = []
        if let mx { rows.append(("MX", mx.isEmpty ? ["none"] : mx)) }
        if let spf { rows.append(("SPF", spf.isEmpty ? ["none"] : spf)) }
        if let dmarc { rows.append(("DMARC", [dmarc])) }
        if let dkim = dkimSelectorsWithKeys { rows.append(("DKIM selectors with keys", dkim.isEmpty ? ["none found"] : dkim)) }
        if let mtaSts, !mtaSts.isEmpty { rows.append(("MTA-STS", mtaSts)) }
        if let tlsRpt, !tlsRpt.isEmpty { rows.append(("TLS-RPT", tlsRpt)) }
        if let dnssec { rows.append(("DNSSEC", [dnssec])) }
        return rows
    }
}
