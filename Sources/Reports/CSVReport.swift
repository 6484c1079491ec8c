import RuleEngine

/// One row per finding (RFC 4180: CRLF line ends, fields with a comma, quote or line break
/// quoted, quotes doubled). DNS text is written by strangers, so a cell a spreadsheet would
/// take for a formula (starting with =, +, -, @, tab or CR) gets a leading apostrophe
/// (OWASP's CSV injection advice).
public enum CSVReport {
    public static let header = ["domain", "rule", "subject", "outcome", "severity", "area", "title", "message", "fix", "references",
                                "superseded_by", "blocked_by", "waived_until"]

    public static func render(_ report: AuditReport) -> String {
        var lines = [row(header)]
        for domain in report.domains {
            if let error = domain.summary.collectionError {
                lines.append(row([domain.domain, "", domain.domain, "error", "", "", "could not audit", error, "", "", "", "", ""]))
            }
            for finding in domain.findings {
                let outcome = finding.waiver == nil ? finding.outcome.rawValue : "waived (\(finding.outcome.rawValue))"
                lines.append(row([domain.domain, finding.ruleID, finding.subject, outcome, finding.severity.rawValue, finding.area,
                                  finding.title, finding.message, finding.fix ?? "", finding.refs.joined(separator: "; "),
                                  finding.supersededBy ?? "", finding.blockedBy ?? "", finding.waiver?.expires ?? ""]))
            }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static func row(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") }

    static func field(_ raw: String) -> String {
        var text = raw
        if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
