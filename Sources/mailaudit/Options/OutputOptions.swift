import ArgumentParser
import Foundation
import MailFacts
import Reports
import RuleEngine

/// Where and in which format a report goes; shared by `audit` and `check`.
struct OutputOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, jsonl, html, nagios, prometheus, junit, csv

        /// A format a monitoring system takes as the whole state of every domain (a Prometheus
        /// textfile replaces every series it held): never written from part of a run.
        var isMonitoring: Bool { self == .prometheus || self == .nagios }
    }

    @Option(help: ArgumentHelp(OutputOptions.formatHelp))
    var format: Format = .text

    static let formatHelp = "Output format: text, json (one report), jsonl (one line per domain), html (one self-contained page), "
        + "nagios (a monitoring plugin's status line and perfdata), prometheus (metrics for node_exporter's textfile collector), "
        + "junit (JUnit XML for CI) or csv (one row per finding)."

    @Option(name: [.short, .long], help: ArgumentHelp("Write the report to this file.", valueName: "file"))
    var output: String?

    /// The facts detail the command's option chose, or the format's default: a summary of
    /// the records for HTML and for JSON Lines (the bulk format: 2.5 to 4.5 KB a domain instead
    /// of about 17 KB), all of them for JSON (which `check` can judge again).
    func factsDetail(_ chosen: FactsDetail?) -> FactsDetail {
        chosen ?? (format == .html || format == .jsonl ? .summary : .full)
    }

    /// What each value's JSON encoding needs to know: how much of the facts, and for JSON
    /// Lines the run it belongs to.
    /// JSON Lines records are compact (findings without what their rule says, `FindingsDetail`)
    /// unless the full facts were asked for: a full record is one `check` can judge again.
    func userInfo(_ detail: FactsDetail, _ context: RunContext? = nil) -> [CodingUserInfoKey: any Sendable] {
        var info: [CodingUserInfoKey: any Sendable] = [FactsDetail.key: detail]
        if let context { info[RunContext.key] = context }
        if format == .jsonl && detail != .full { info[FindingsDetail.key] = FindingsDetail.compact }
        return info
    }


    /// The whole report in the chosen format, to standard output or the --output file.
    /// `runSeconds`: how long the run took, when it is not "from the report's time until now"
    /// (a run shown again from the history).
    /// `problems`: what went wrong beside the audit (the history, the baseline); a Nagios
    /// status line then says at least UNKNOWN (CRITICAL and WARNING outrank it), as the exit code will.
    /// `rules`: those the run judged with; the outputs take their thresholds from them
    /// (`CertificateThresholds`), the built-in rules' when nil.
    func write(_ report: AuditReport, verbose: Bool, facts chosen: FactsDetail?, failOn threshold: FailureThreshold = .warn,
               runSeconds: Double? = nil, problems: [String] = [], to destination: OutputFile.Stream? = nil, fixFirst: Bool = true,
               rules: [Rule]? = nil) throws {
        let certificates = rules.map { CertificateThresholds(rules: $0) } ?? CertificateThresholds.builtin
        let detail = factsDetail(chosen)
        var data = Data()
        switch format {
        case .text:
            var renderer = TextReport(colour: output == nil && TextReport.terminalWantsColour, verbose: verbose,
                                      advice: CommandLineAdvice.collection)
            renderer.fixFirst = fixFirst
            data = Data(renderer.render(report).utf8)
        case .json:
            data = try JSONOutput.encode(report, userInfo: userInfo(detail))
        case .jsonl:
            let info = userInfo(detail, RunContext(profile: report.profile, generatedAt: report.generatedAt))
            for domain in report.domains { data.append(try JSONOutput.encode(domain, pretty: false, userInfo: info)) }
        case .html:
            data = Data(HTMLReport.render(report, facts: detail, advice: CommandLineAdvice.collection, certificates: certificates).utf8)
        case .nagios:
            data = Data(NagiosReport.render(report, failOn: threshold, certificates: certificates, problems: problems).utf8)
        case .prometheus:
            let started = ISO8601DateFormatter().date(from: report.generatedAt) ?? Date()
            data = Data(PrometheusReport.render(report, runSeconds: runSeconds ?? max(0, Date().timeIntervalSince(started)), failOn: threshold).utf8)
        case .junit:
            data = Data(JUnitReport.render(report, failOn: threshold).utf8)
        case .csv:
            data = Data(CSVReport.render(report).utf8)
        }
        if let destination { try destination.write(data) } else { try write(data) }
    }

    func write(_ data: Data) throws {
        try OutputFile.writeOrPrint(data, to: output)
    }
}
