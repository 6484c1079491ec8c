import Foundation
import MailFacts
import RuleEngine

/// One self-contained HTML page to forward: inline CSS, no script, no network. At the top
/// the run's scope and an overview (domains × areas, worst first, each cell's worst outcome
/// in word and colour, linking to the domain); then per domain its findings with message,
/// fix and references (RFCs as links), and the records judged. Every string is escaped, as
/// any of them may come from DNS or a server.
public enum HTMLReport {
    /// The page; `advice` words what to do about a domain that could not be audited.
    /// `certificates`: the expiry thresholds of the rule that judged (smtp.cert-expiring).
    public static func render(_ report: AuditReport, facts: FactsDetail = .summary, advice: CollectionAdvice = { _ in nil },
                              certificates: CertificateThresholds? = .builtin) -> String {
        var html = head(title: "mailaudit report: " + report.domains.map(\.domain).joined(separator: ", "))
        html += "<h1>mailaudit report</h1>\n"
        html += "<p class=\"meta\">\(escape(report.tool.name)) \(escape(report.tool.version)) · profile \(escape(report.profile)) · \(escape(report.generatedAt))</p>\n"
        html += scope(report)
        let fixFirst = FixFirst(report)
        let shared = report.domains.count > 1 ? fixFirst.shared : []
        if report.domains.count > 1 { html += fixFirstTable(fixFirst, report: report) }
        html += overview(report)
        for (index, domain) in report.domains.enumerated() {
            html += section(domain, anchor: "d\(index)", facts: facts, advice: advice, shared: shared, certificates: certificates)
        }
        html += "</body>\n</html>\n"
        return html
    }

    /// The page up to its body: inline CSS, no script or network (the Content-Security-Policy
    /// says so to the browser too).
    static func head(title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
        <title>\(escape(title))</title>
        <style>
        \(ReportAssets.stylesheet)
        </style>
        </head>
        <body>

        """
    }

    /// What the run looked at: resolvers, probes, profile, time, and the run's verdict.
    static func scope(_ report: AuditReport) -> String {
        let facts = report.domains.first?.facts
        let resolvers = facts.map { $0.resolvers.isEmpty ? "the system's" : $0.resolvers.joined(separator: ", ") } ?? "-"
        let statuses = report.domains.compactMap { $0.facts.smtp?.status }
        let probes = statuses.isEmpty ? "not known (no domain got that far)"
            : statuses.contains(.skipped) ? "off (DNS only)" : "on (SMTP, submission, MTA-STS policy)"
        let s = report.summary
        let verdict = ExitStatus(rawValue: s.exitStatus).map { ["passed", "warnings", "failures", "errors or not audited"][Int($0.rawValue)] }
            ?? "stopped by a signal"
        var interrupted = s.interrupted.map { "<tr><th>interrupted</th><td class=\"interrupted\">\(escape($0.text))</td></tr>\n" } ?? ""
        if let input = report.input {
            interrupted += "<tr><th>domains list</th><td class=\"\(input.errors.isEmpty ? "" : "interrupted")\">"
                + input.lines.map { escape(InertText.escape($0)) }.joined(separator: "<br>") + "</td></tr>\n"
        }
        return """
            <table class="scope">
            \(interrupted)<tr><th>domains</th><td>\(s.domains)\(s.notAudited > 0 ? " (\(s.notAudited) could not be audited)" : "")</td></tr>
            <tr><th>resolver</th><td>\(escape(resolvers))</td></tr>
            <tr><th>server probes</th><td>\(probes)</td></tr>
            <tr><th>profile</th><td>\(escape(report.profile))</td></tr>
            <tr><th>result</th><td>\(s.fail) fail, \(s.warn) warn, \(s.error) error, \(s.info) info, \(s.pass) pass\(s.notTested.map { ", \($0) not tested" } ?? "") · exit status \(s.exitStatus) (\(verdict))</td></tr>
            </table>

            """
    }

    /// Domains × areas, worst domains first; each cell the worst counted outcome, in word and
    /// colour; each domain links to its section.
    static func overview(_ report: AuditReport) -> String {
        let overview = AreaOverview(report)
        let anchors = Dictionary(report.domains.enumerated().map { ($0.element.domain, "d\($0.offset)") }, uniquingKeysWith: { a, _ in a })
        var html = "<h2>Overview</h2>\n<table class=\"overview\">\n<tr><th>domain</th>"
        html += overview.columns.map { "<th>\(escape(AreaOverview.areas[$0].name))</th>" }.joined() + "</tr>\n"
        for row in overview.rows {
            html += "<tr><th><a href=\"#\(anchors[row.domain] ?? "")\">\(escape(row.domain))</a></th>"
            if let note = row.note {
                html += "<td class=\"cell \((row.worst ?? .error).rawValue == "n/a" ? "na" : (row.worst ?? .error).rawValue)\" colspan=\"\(overview.columns.count)\">\((row.worst ?? .error).rawValue): \(escape(note))</td>"
            } else {
                // Nothing judged is "-" (no TLSA records, probes off), never a pass; checks that
                // could not be measured say so, and a pass beside them is marked "in part".
                for column in overview.columns {
                    let untested = row.untested[column]
                    guard let outcome = row.cells[column] else {
                        html += untested > 0 ? "<td class=\"cell na\">not tested</td>" : "<td class=\"cell na\">-</td>"
                        continue
                    }
                    let note = untested > 0 ? " <span class=\"untested-note\">(\(untested) not tested)</span>" : ""
                    html += "<td class=\"cell \(outcome.rawValue)\">\(outcome.rawValue)\(note)</td>"
                }
            }
            html += "</tr>\n"
        }
        return html + "</table>\n"
    }

    /// A reference as a link where it names an RFC section (`RFC 7208 §4.6`).
    static func reference(_ ref: String) -> String {
        let parts = ref.split(separator: " ")
        guard parts.count >= 2, parts[0] == "RFC", let number = Int(parts[1]) else { return escape(ref) }
        var url = "https://www.rfc-editor.org/rfc/rfc\(number)"
        if parts.count >= 3, parts[2].hasPrefix("§") { url += "#section-" + parts[2].dropFirst() }
        return "<a href=\"\(escape(url))\">\(escape(ref))</a>"
    }

    /// The problems across the domains, worst first, each once with the domains it hits and its fix.
    static func fixFirstTable(_ fixFirst: FixFirst, report: AuditReport) -> String {
        guard !fixFirst.groups.isEmpty else { return "" }
        let anchors = Dictionary(report.domains.enumerated().map { ($0.element.domain, "d\($0.offset)") }, uniquingKeysWith: { a, _ in a })
        var html = "<h2>Fix first</h2>\n<table class=\"servers fixfirst\">\n<tr><th>problem</th><th>domains</th><th>fix</th></tr>\n"
        for group in fixFirst.groups.prefix(FixFirst.shown) {
            let links = group.domains.prefix(20).map { "<a href=\"#\(anchors[$0] ?? "")\">\(escape($0))</a>" }.joined(separator: ", ")
                + (group.domains.count > 20 ? " and \(group.domains.count - 20) more" : "")
            html += "<tr><td><span class=\"outcome \(group.outcome.rawValue)\">\(group.outcome.rawValue)</span>\(escape(group.title)) "
                + "<span class=\"rule\">\(escape(group.ruleID))</span></td><td>\(group.domains.count): \(links)</td>"
                + "<td>\(group.fix.map { escape($0) + (group.domains.count > 1 ? " <span class=\"rule\">(as written for \(escape(group.fixDomain)))</span>" : "") } ?? "")</td></tr>\n"
        }
        html += "</table>\n"
        if fixFirst.groups.count > FixFirst.shown {
            html += "<p class=\"meta\">... and \(TextReport.count(fixFirst.groups.count - FixFirst.shown, "more kind")) of problem in the domains below.</p>\n"
        }
        return html
    }

    static func section(_ domain: DomainReport, anchor: String, facts detail: FactsDetail, advice: CollectionAdvice,
                        shared: Set<String> = [], certificates: CertificateThresholds? = .builtin) -> String {
        let s = domain.summary
        var html = "<h2 id=\"\(anchor)\">\(escape(domain.domain))</h2>\n<div class=\"summary\">"
        for (word, count, css) in [("fail", s.fail, "fail"), ("warn", s.warn, "warn"), ("error", s.error, "error"),
                                   ("info", s.info, "info"), ("pass", s.pass, "pass"), ("waived", s.waived, "waived"),
                                   ("not tested", s.notTested ?? 0, "untested")] where count > 0 || css == "pass" {
            html += "<span class=\"count \(css)\">\(count) \(word)</span>"
        }
        html += "</div>\n"
        if let error = s.collectionError {
            let text = CollectionAdviceText.join(error, domain.facts.collection.failure.flatMap(advice))
            html += "<p class=\"finding error\">Could not audit: \(escape(text))</p>\n"
        }
        if let source = domain.facts.source {
            html += "<p class=\"finding warn\"><strong>\(source.kind == .undelegated ? "Not yet delegated" : "From a zone file"):</strong> \(escape(source.note))</p>\n"
        }
        html += timeline(domain.timeline)
        html += certificateCountdown(domain, certificates: certificates)
        if let drift = domain.changes { html += HTMLReport.changes(drift) }
        if domain.facts.collection.checkingDisabled == true {
            html += "<p class=\"meta\">DNSSEC validation fails, so these facts were collected again with checking disabled: they are not validated.</p>\n"
        }
        let shown = domain.findings.filter { $0.supersededBy == nil && $0.outcome != .notApplicable && ($0.outcome != .pass || $0.waiver != nil) }
        // Errors with one cause (a lookup many rules need) are shown once, with the rules it
        // left unjudged, as the text report does, instead of once per rule.
        let errorGroups = Dictionary(grouping: shown.filter { $0.outcome == .error && $0.waiver == nil }, by: \.message)
            .filter { $0.value.count > 1 }
        let grouped = Set(errorGroups.values.joined().map { "\($0.ruleID)\0\($0.subject)" })
        let areas = Dictionary(grouping: shown.filter { !grouped.contains("\($0.ruleID)\0\($0.subject)") }, by: \.area)
        func rank(_ finding: Finding) -> Int { TextReport.rank(finding.outcome) * 10 + (finding.impact ?? 2) + (finding.rootCause == true ? 100 : 0) }
        // Areas with failures first (then errors, warnings, notes), so the page opens on what is wrong.
        var sections: [(rank: Int, name: String, html: String)] = areas.map { area, findings in
            var html = "<h3>\(escape(area))</h3>\n"
            for finding in findings.sorted(by: TextReport.worstFirst) {
                let same = domain.findings.filter { $0.supersededBy == finding.ruleID && $0.subject == finding.subject }
                html += item(finding, domain: domain.domain, sameCause: same,
                             blockedCount: Set(domain.findings.filter { $0.blockedBy == finding.ruleID }.map(\.ruleID)).count,
                             fixAbove: shared.contains(finding.ruleID))
            }
            return (findings.map(rank).max() ?? 0, area, html)
        }
        if !errorGroups.isEmpty {
            var html = "<h3>could not judge</h3>\n"
            for (message, group) in errorGroups.sorted(by: { $0.key < $1.key }) {
                let rules = group.map(\.ruleID).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
                html += "<div class=\"finding error\"><span class=\"outcome error\">error</span>"
                html += "<strong>\(TextReport.count(rules.count, "check")) could not judge</strong>"
                html += "<p class=\"message\">\(escape(message.replacingOccurrences(of: "cannot judge: ", with: "")))</p>"
                html += "<p class=\"refs\">Not judged: \(rules.map { "<span class=\"rule\">\(escape($0))</span>" }.joined(separator: " "))</p></div>\n"
            }
            sections.append((TextReport.rank(.error) * 10, "", html))
        }
        for section in sections.sorted(by: { ($1.rank, $0.name) < ($0.rank, $1.name) }) { html += section.html }
        // What was not measured, shown open: never to be read as passed.
        let untested = domain.findings.filter { $0.notTested == true && !$0.repeatsAnotherCause }
        if !untested.isEmpty {
            html += "<h3>not tested</h3>\n<ul class=\"untested\">\n"
            for group in NotTestedGroup.groups(untested, domain: domain.domain) {
                let on = group.subjects.isEmpty ? "" : " · " + group.subjects.map { "<code>\(escape($0))</code>" }.joined(separator: ", ")
                html += "<li><span class=\"outcome na\">not tested</span>\(escape(group.title))\(on) <span class=\"rule\">\(escape(group.ruleID))</span>"
                    + "<p class=\"message\">\(escape(group.message))</p></li>\n"
            }
            html += "</ul>\n"
        }
        let passed = domain.findings.filter { $0.outcome == .pass }
        if !passed.isEmpty {
            html += "<details><summary>\(passed.count) checks passed</summary>\n<ul>\n"
            for finding in passed.sorted(by: { ($0.area, $0.ruleID) < ($1.area, $1.ruleID) }) {
                let subject = finding.subject == domain.domain ? "" : " · <code>\(escape(finding.subject))</code>"
                html += "<li><span class=\"outcome pass\">pass</span>\(escape(finding.title))\(subject) <span class=\"rule\">\(escape(finding.ruleID))</span></li>\n"
            }
            html += "</ul>\n</details>\n"
        }
        let servers = EndpointSummary.rows(domain.facts)
        if !servers.isEmpty {
            html += "<h3>mail servers</h3>\n<table class=\"servers\">\n<tr><th>server</th><th>service</th><th>SMTP</th><th>TLS</th><th>certificate</th><th>DANE</th></tr>\n"
            for row in servers {
                html += "<tr>" + [row.server, row.service, row.connection, row.tls, row.certificate, row.dane]
                    .map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n"
            }
            html += "</table>\n"
            // Per server, what it accepts: versions × NCSC-NL grades, and the suites to remove.
            for row in servers where !row.accepted.isEmpty {
                html += "<table class=\"grades\">\n<caption>\(escape(row.server)) accepts (NCSC-NL TLS guidelines 2.1 grades)</caption>\n"
                html += "<tr><th>version</th>" + TLSSuiteGrades.Grade.allCases.map { "<th>\($0.rawValue)</th>" }.joined() + "<th>order</th><th>needs action</th></tr>\n"
                for version in row.accepted {
                    html += "<tr><td>\(escape(version.version))</td>"
                        + zip(TLSSuiteGrades.Grade.allCases, version.counts).map { grade, count in
                            "<td class=\"\(count > 0 && (grade == .insufficient || grade == .phaseOut) ? "action" : "")\">\(count)</td>"
                        }.joined()
                        + "<td>\(escape(version.order))</td><td>\(escape(version.needAction.joined(separator: ", ")))</td></tr>\n"
                }
                html += "</table>\n"
            }
        }
        switch detail {
        case .full:
            let facts = (try? JSONOutput.encode(domain.facts)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            html += "<details><summary>Facts collected for \(escape(domain.domain))</summary>\n<pre>\(escape(facts))</pre>\n</details>\n"
        case .summary:
            html += records(domain.factsSummary)
        case .none:
            break
        }
        return html
    }

    /// The records the findings were judged on, as a table (`--facts summary`).
    static func records(_ summary: FactsSummary) -> String {
        let rows = summary.rows
        guard !rows.isEmpty else { return "" }
        var html = "<h3>records</h3>\n<table class=\"servers\">\n"
        for (name, values) in rows {
            html += "<tr><th>\(escape(name))</th><td>\(values.map { "<code>\(escape(InertText.shortened($0)))</code>" }.joined(separator: "<br>"))</td></tr>\n"
        }
        return html + "</table>\n"
    }

    static func item(_ finding: Finding, domain: String, sameCause: [Finding] = [], blockedCount: Int? = nil, fixAbove: Bool = false) -> String {
        let css = finding.waiver == nil ? finding.outcome.rawValue : "waived"
        let label = finding.waiver == nil ? finding.outcome.rawValue : "waived (\(finding.outcome.rawValue))"
        var html = "<div class=\"finding \(css)\"><span class=\"outcome \(css)\">\(escape(label))</span>"
        html += "<strong>\(escape(finding.title))</strong>"
        if finding.subject != domain { html += " · <code>\(escape(finding.subject))</code>" }
        html += " <span class=\"rule\">\(escape(finding.ruleID))</span>"
        if !finding.message.isEmpty { html += "<p class=\"message\">\(escape(finding.message))</p>" }
        for line in finding.evidence ?? [] { html += "<p class=\"evidence\"><code>\(escape(InertText.shortened(line)))</code></p>" }
        if let waiver = finding.waiver {
            html += "<p class=\"message\">Waived until \(escape(waiver.expires)) by profile \(escape(waiver.profile)): \(escape(waiver.reason))</p>"
        }
        if fixAbove, finding.fix != nil, finding.waiver == nil {
            html += "<p class=\"fix\">as under <em>Fix first</em> above</p>"
        } else if let fix = finding.fix, finding.waiver == nil { html += "<p class=\"fix\">\(escape(fix))</p>" }
        if !finding.refs.isEmpty, !fixAbove { html += "<p class=\"refs\">\(finding.refs.map(reference).joined(separator: " · "))</p>" }
        if finding.blockedBy == nil, let blocked = blockedCount, blocked > 0 {
            html += "<p class=\"refs\">\(TextReport.count(blocked, "other check")) not judged because of this</p>"
        }
        if !sameCause.isEmpty {
            html += "<p class=\"refs\">Same cause, not counted again: \(escape(sameCause.map { "\($0.ruleID) (\($0.outcome.rawValue))" }.joined(separator: ", ")))</p>"
        }
        return html + "</div>\n"
    }

    /// HTML text escaping (& < > " ') of anything that is not the page's own markup.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\n", "\r", "\t": out.unicodeScalars.append(scalar)
            // Controls and bidi overrides from outside shown, not obeyed (as in text output):
            // U+202E in an SPF record must not reverse what the page shows after it.
            case _ where InertText.isUnsafe(scalar): out += InertText.escape(String(scalar))
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
