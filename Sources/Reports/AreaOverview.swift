import RuleEngine

/// The overview of a run: for each domain, the worst outcome in each area a mail admin
/// thinks in, from its counted findings (superseded, blocked and waived ones left out).
public struct AreaOverview: Sendable {
    /// The columns, and the rule-id prefixes each covers.
    public static let areas: [(name: String, prefixes: [String])] = [
        ("MX", ["mx."]), ("SPF", ["spf."]), ("DKIM", ["dkim."]), ("DMARC", ["dmarc."]), ("DNSSEC", ["dnssec."]), ("Name servers", ["ns."]),
        ("MTA-STS / TLS-RPT", ["mtasts.", "tlsrpt.", "bimi."]), ("SMTP / TLS", ["smtp.", "submission."]), ("DANE", ["dane."]),
        ("Blocklists", ["dnsbl."]), ("RPKI", ["rpki."]),
    ]
    /// Columns shown only when something in them was judged in the run: blocklists are
    /// asked only when named (`--dnsbl`), and a column of dashes in every other run is noise.
    static let optionalAreas: Set<String> = ["Blocklists", "RPKI"]

    public struct Row: Sendable {
        public var domain: String
        /// The worst outcome per column, nil where nothing was judged.
        public var cells: [Outcome?]
        /// Per column, the checks whose input was not measured (`Finding.notTested`): a
        /// column of only those is "not tested", never a pass, and a pass beside them says so.
        public var untested: [Int]
        /// The domain could not be audited, or a root cause left the areas unjudged.
        public var note: String?
        public var worst: Outcome?
    }

    public var rows: [Row]
    /// The indices into `areas` of the columns to show, and the rows' cells for them.
    public var columns: [Int]

    /// The domains, worst first (then in the order given).
    public init(_ report: AuditReport) {
        let rows = report.domains.map { domain -> Row in
            let counted = domain.findings.filter(\.isCounted)
            let cells = Self.areas.map { area -> Outcome? in
                counted.filter { finding in area.prefixes.contains { finding.ruleID.hasPrefix($0) } && finding.outcome != .notApplicable }
                    .map(\.outcome).max { TextReport.rank($0) < TextReport.rank($1) }
            }
            let untested = Self.areas.map { area in
                counted.filter { finding in area.prefixes.contains { finding.ruleID.hasPrefix($0) } && finding.notTested == true }.count
            }
            var note: String?
            if domain.summary.collectionError != nil { note = "could not be audited" }
            // The root cause that left the most unjudged (the domain does not exist, before a
            // DKIM lookup that failed beside it).
            let blocked = Dictionary(grouping: domain.findings.compactMap(\.blockedBy), by: { $0 }).mapValues(\.count)
            if let cause = domain.findings.filter({ blocked[$0.ruleID] != nil && $0.blockedBy == nil })
                .max(by: { (blocked[$0.ruleID] ?? 0, $0.rootCause == true ? 1 : 0) < (blocked[$1.ruleID] ?? 0, $1.rootCause == true ? 1 : 0) }) {
                note = cause.title
            }
            let worst = counted.map(\.outcome).filter { $0 != .notApplicable }.max { TextReport.rank($0) < TextReport.rank($1) }
            return Row(domain: domain.domain, cells: cells, untested: untested, note: note, worst: domain.summary.collectionError != nil ? .error : worst)
        }
        self.rows = rows.enumerated().sorted { a, b in
            let (ra, rb) = (a.element.worst.map(TextReport.rank) ?? 0, b.element.worst.map(TextReport.rank) ?? 0)
            return ra != rb ? ra > rb : a.offset < b.offset
        }.map(\.element)
        columns = Self.areas.indices.filter { index in
            !Self.optionalAreas.contains(Self.areas[index].name) || rows.contains { $0.note == nil && ($0.cells[index] != nil || $0.untested[index] > 0) }
        }
    }
}
