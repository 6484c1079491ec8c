import Foundation
import MailFacts
import RuleEngine

/// The Prometheus text exposition format (version 0.0.4), for node_exporter's textfile
/// collector: findings per domain and outcome, a gauge per problem (rule and subject),
/// certificate expiry per endpoint as a Unix time (as blackbox_exporter's
/// probe_ssl_earliest_cert_expiry), DNSSEC status, and the run's time and duration. Names
/// follow Prometheus' conventions (snake_case, a `mailaudit_` prefix, base units).
public enum PrometheusReport {
    public static func render(_ report: AuditReport, runSeconds: Double, failOn threshold: FailureThreshold = .warn) -> String {
        var out = ""
        func family(_ name: String, _ type: String, _ help: String, _ samples: [(labels: [(String, String)], value: String)]) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for sample in samples {
                let labels = sample.labels.map { "\($0.0)=\"\(label($0.1))\"" }.joined(separator: ",")
                out += labels.isEmpty ? "\(name) \(sample.value)\n" : "\(name){\(labels)} \(sample.value)\n"
            }
        }
        let outcomes: [(String, (FindingSummary) -> Int)] = [("pass", \.pass), ("info", \.info), ("warn", \.warn), ("fail", \.fail),
                                                               ("error", \.error), ("n/a", \.notApplicable), ("waived", \.waived)]
        family("mailaudit_findings", "gauge", "Findings of the last audit per domain and outcome (superseded and blocked ones not counted).",
               report.domains.flatMap { domain in outcomes.map { ([("domain", domain.domain), ("outcome", $0.0)], String($0.1(domain.summary))) } })
        family("mailaudit_domain_status", "gauge", "The domain's exit status: 0 ok, 1 warnings, 2 failures, 3 could not audit.",
               report.domains.map { ([("domain", $0.domain)], String($0.exitStatus(failOn: threshold).rawValue)) })
        var problems: [(labels: [(String, String)], value: String)] = []
        for domain in report.domains {
            for finding in domain.findings where [.info, .warn, .fail, .error].contains(finding.outcome)
                && finding.isCounted {
                problems.append(([("domain", domain.domain), ("rule", finding.ruleID), ("subject", finding.subject),
                                  ("outcome", finding.outcome.rawValue), ("severity", finding.severity.rawValue)], "1"))
            }
        }
        family("mailaudit_finding_problem", "gauge", "1 for each rule and subject that did not pass (info, warn, fail or error).", problems)
        var expiries: [(labels: [(String, String)], value: String)] = []
        for domain in report.domains {
            for endpoint in (domain.facts.smtp?.endpoints ?? []) + (domain.facts.submission?.endpoints ?? []) {
                guard let leaf = endpoint.tls?.chain.first, let date = ISO8601DateFormatter().date(from: leaf.notAfter) else { continue }
                expiries.append(([("domain", domain.domain), ("host", endpoint.host), ("address", endpoint.address), ("port", String(endpoint.port)),
                                  ("service", endpoint.service.rawValue)], String(Int64(date.timeIntervalSince1970))))
            }
        }
        family("mailaudit_certificate_expiry_timestamp_seconds", "gauge",
               "When the certificate an SMTP endpoint served expires, as a Unix time (like probe_ssl_earliest_cert_expiry).", expiries)
        let states = ["secure", "insecure", "bogus", "indeterminate"]
        family("mailaudit_dnssec_status", "gauge", "1 for the domain's DNSSEC status, 0 for the others.",
               report.domains.compactMap { domain in domain.facts.dnssec.map { ($0.status.rawValue, domain.domain) } }.flatMap { status, name in
                   states.map { ([("domain", name), ("status", $0)], $0 == status ? "1" : "0") }
               })
        let started = ISO8601DateFormatter().date(from: report.generatedAt).map { String(Int64($0.timeIntervalSince1970)) } ?? "0"
        family("mailaudit_run_timestamp_seconds", "gauge", "When the run started, as a Unix time.", [([], started)])
        family("mailaudit_run_duration_seconds", "gauge", "How long the run took.", [([], String(format: "%.3f", runSeconds))])
        family("mailaudit_run_domains", "gauge", "Domains in the run.", [([], String(report.domains.count))])
        family("mailaudit_run_input_errors", "gauge", "Lines of the domains list that could not be used (their domains were not audited).",
               [([], String(report.input?.errors.count ?? 0))])
        return out
    }

    /// Label values: control characters made visible first (`InertText`; a metrics file is
    /// read by people too), then backslash, double quote and line feed escaped (the
    /// exposition format's rules).
    static func label(_ value: String) -> String {
        var out = ""
        for character in InertText.escape(value) {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }
}
