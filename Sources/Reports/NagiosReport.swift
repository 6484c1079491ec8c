import Foundation
import RuleEngine

/// The monitoring-plugins output (Nagios, Icinga, Naemon): one status line
/// `MAILAUDIT STATE - summary | perfdata`, then one line per problem; the exit status is the
/// plugin API's (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN), which mailaudit's exit codes
/// already are. Text from outside is made visible, and `|` (the perfdata separator) replaced.
public enum NagiosReport {
    /// `problems`: what went wrong beside the audit (the history could not be written): the
    /// state is then at least UNKNOWN, as the exit code is. The state follows the plugins'
    /// order (`ExitStatus`): CRITICAL > WARNING > UNKNOWN > OK, so a failure is never hidden
    /// behind an error; the lines under the status line list every problem, failures first,
    /// then warnings, then what could not be judged.
    public static func render(_ report: AuditReport, failOn threshold: FailureThreshold = .warn,
                              certificates: CertificateThresholds? = .builtin, problems extra: [String] = []) -> String {
        let extra = extra + (report.input?.errors ?? []).map { "domains list: \($0)" }
        let status = extra.isEmpty ? report.exitStatus(failOn: threshold) : max(report.exitStatus(failOn: threshold), .couldNotAudit)
        let state = status.stateName
        let s = report.summary
        // Every problem across the domains, worst first (a run's status line names its worst).
        var ranked: [(rank: Int, text: String)] = extra.map { (10, "UNKNOWN \($0)") }
        var worstDomains: [String] = []
        // A resolver outage is one line with the domains it hit, not one line per domain.
        let outages = FixFirst(report).groups.filter { $0.collectionFailure != nil && $0.domains.count > 1 }
        let inOutage = Set(outages.flatMap(\.domains))
        for group in outages {
            ranked.append((35, "ERROR \(group.title) (\(group.domains.count) domains): \(group.domains.joined(separator: ", "))"))
        }
        for domain in report.domains {
            if let error = domain.summary.collectionError, !inOutage.contains(domain.domain) {
                ranked.append((35, "ERROR \(domain.domain): could not audit: \(error)"))
            }
            let shown = domain.findings.filter { [.fail, .error, .warn].contains($0.outcome) && $0.isCounted }
            if !shown.isEmpty || domain.summary.collectionError != nil { worstDomains.append(domain.domain) }
            for finding in shown {
                let subject = finding.subject == domain.domain ? "" : " (\(finding.subject))"
                ranked.append((rank(finding.outcome) * 10 + (finding.impact ?? 2), "\(finding.outcome.rawValue.uppercased()) \(domain.domain): \(finding.title)\(subject) [\(finding.ruleID)]"))
            }
        }
        let problems = ranked.enumerated().sorted { ($1.element.rank, $0.offset) < ($0.element.rank, $1.offset) }.map(\.element.text)
        var summary: String
        if report.domains.count == 1, let domain = report.domains.first {
            summary = "\(domain.domain): \(s.fail) fail, \(s.warn) warn, \(s.error) error"
        } else {
            summary = "\(s.fail) fail, \(s.warn) warn, \(s.error) error in \(worstDomains.count) of \(report.domains.count) domains"
        }
        if let first = problems.first { summary += "; " + first }
        let certificateDays = report.domains.compactMap { domain in
            ((domain.facts.smtp?.endpoints ?? []) + (domain.facts.submission?.endpoints ?? [])).compactMap { $0.tls?.daysToExpiry }.min()
        }.min()
        var perfdata = ["fail=\(s.fail);;;0;", "warn=\(s.warn);;;0;", "error=\(s.error);;;0;", "info=\(s.info);;;0;", "pass=\(s.pass);;;0;",
                        "domains=\(report.domains.count);;;0;"]
        if let certificateDays {
            // The thresholds are the rule's (smtp.cert-expiring's parameters), as it judged.
            perfdata.append("cert_days_min=\(certificateDays);" + (certificates.map { "\($0.warnDays):;\($0.criticalDays):" } ?? ";") + ";;")
        }
        var lines = ["MAILAUDIT \(state) - \(clean(summary)) | \(perfdata.joined(separator: " "))"]
        lines += problems.map(clean)
        return lines.joined(separator: "\n") + "\n"
    }

    /// A problem line's place: failures, warnings, then what could not be judged.
    public static func rank(_ outcome: Outcome) -> Int {
        switch outcome {
        case .fail: return 5
        case .warn: return 4
        case .error: return 3
        default: return 0
        }
    }

    /// The status line of a check that has nothing to judge (no complete run yet): UNKNOWN
    /// with why, so the monitoring system shows the reason, not "no output from plugin".
    public static func unknown(_ reason: String) -> String {
        "MAILAUDIT UNKNOWN - \(clean(reason))"
    }

    static func clean(_ text: String) -> String {
        InertText.escape(text).replacingOccurrences(of: "|", with: "/")
    }
}
