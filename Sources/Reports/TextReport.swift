import Drift
import Foundation
import MailFacts
import RuleEngine

/// The report for a terminal: a summary line, findings grouped by area, the fix under each
/// warning and failure; colour only when asked (a terminal without NO_COLOR).
public struct TextReport: Sendable {
    public var colour: Bool
    /// Show passing and not-applicable findings too.
    public var verbose: Bool
    /// What to do about a domain that could not be audited (worded by the command line).
    public var advice: CollectionAdvice
    /// Open a report of several domains with FIX FIRST (not for `--quiet`, which shows news).
    public var fixFirst = true

    public init(colour: Bool, verbose: Bool = false, advice: @escaping CollectionAdvice = { _ in nil }) {
        self.colour = colour
        self.verbose = verbose
        self.advice = advice
    }

    /// Colour when standard output is a terminal and NO_COLOR (no-color.org) is not set.
    public static var terminalWantsColour: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    /// One domain: its summary line, then its findings, worst first (fail, error, warn, info,
    /// then with --verbose passed and n/a), each under its area's name. Every string that came
    /// from outside is made inert first (`InertText`).
    public func render(_ report: DomainReport) -> String {
        render(report, shared: [])
    }

    /// `shared`: rules whose fix the report's FIX FIRST list gives once for every domain.
    func render(_ report: DomainReport, shared: Set<String>) -> String {
        var lines: [String] = []
        let s = report.summary
        let domain = InertText.escape(report.domain)
        lines.append(bold("\(domain): ") + Self.counts(s))
        if let error = s.collectionError {
            let text = CollectionAdviceText.join(InertText.escape(error), report.facts.collection.failure.flatMap(advice))
            lines.append(paint("  could not audit: \(text)", 35))
        }
        // Audited before it goes live: said first, since it changes what every line below means.
        if let source = report.facts.source {
            lines.append(paint("  \(source.kind == .undelegated ? "NOT YET DELEGATED" : "FROM A ZONE FILE"): \(InertText.escape(source.note))", 33))
        }
        if let changes = report.changes { lines += ChangesText.lines(changes) }
        if report.facts.collection.checkingDisabled == true {
            lines.append("  DNSSEC validation fails, so these facts were collected again with checking disabled: they are not validated")
        }
        // A superseded finding repeats the cause of the one that supersedes it: named under
        // it (with --verbose), never shown as a second problem.
        let supersededBy = Dictionary(grouping: report.findings.filter { $0.supersededBy != nil }) { "\($0.supersededBy!)\0\($0.subject)" }
        let shown = report.findings.filter { $0.supersededBy == nil && $0.notTested != true
            && (verbose || ($0.outcome != .pass && $0.outcome != .notApplicable)) }
            .sorted(by: Self.worstFirst)
        if !shown.isEmpty { lines.append("") }
        // Errors with one cause (a lookup many rules need) are shown once, with the rules it
        // left unjudged, instead of once per rule.
        let errorGroups = Dictionary(grouping: shown.filter { $0.outcome == .error }, by: \.message).filter { $0.value.count > 1 }
        var printedGroups: Set<String> = []
        var shownEvidence: Set<String> = []
        // Root causes and the number of distinct rules each left unjudged.
        let blockedRules = Dictionary(grouping: report.findings.filter { $0.blockedBy != nil }, by: { $0.blockedBy! })
            .mapValues { Set($0.map(\.ruleID)).count }
        for finding in shown {
            if finding.outcome == .error, let group = errorGroups[finding.message] {
                guard printedGroups.insert(finding.message).inserted else { continue }  // printed with its group
                let rules = group.map(\.ruleID).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
                lines.append("  \(label(.error)) \(Self.count(rules.count, "check")) could not judge: \(InertText.escape(finding.message.replacingOccurrences(of: "cannot judge: ", with: "")))")
                lines.append("         not judged: \(rules.joined(separator: ", "))")
                continue
            }
            let subject = finding.subject == report.domain ? "" : " · \(InertText.escape(finding.subject))"
            let tag = finding.waiver == nil ? label(finding.outcome) : paint("WAIVED", 90)
            lines.append("  \(tag) \(finding.area): \(InertText.escape(finding.title))\(subject) (\(finding.ruleID))")
            if let waiver = finding.waiver {
                lines.append("         waived until \(waiver.expires) by profile \(waiver.profile): \(InertText.escape(waiver.reason)) (was \(finding.outcome.rawValue))")
            }
            if !finding.message.isEmpty { lines.append("         \(InertText.escape(finding.message))") }
            // Evidence already shown for this subject (an endpoint's greeting, TLS and
            // certificate under each of its findings) is not repeated.
            let evidence = finding.evidence ?? []
            let fresh = evidence.filter { shownEvidence.insert("\(finding.subject)\0\($0)").inserted }
            for line in fresh { lines.append("         seen: \(InertText.escape(InertText.shortened(line)))") }
            if fresh.count < evidence.count {
                lines.append("         seen: \(fresh.isEmpty ? "as" : "the rest as") above for \(InertText.escape(finding.subject))")
            }
            // An error has a fix when its rule says why there is no verdict and what to do (cannotJudge).
            if finding.fix != nil, finding.waiver == nil, shared.contains(finding.ruleID) {
                lines.append("         fix: as under FIX FIRST above")
            } else if let fix = finding.fix, finding.waiver == nil, [.warn, .fail, .error].contains(finding.outcome) {
                lines.append("         fix: \(InertText.escape(fix))")
            }
            if finding.outcome == .warn || finding.outcome == .fail, !finding.refs.isEmpty, !shared.contains(finding.ruleID) {
                lines.append("         see: \(finding.refs.joined(separator: ", "))")
            }
            if let blocked = blockedRules[finding.ruleID], blocked > 0 {
                lines.append("         \(Self.count(blocked, "other check")) not judged because of this")
            }
            if verbose, let same = supersededBy["\(finding.ruleID)\0\(finding.subject)"] {
                lines.append("         same cause, not counted again: \(same.map { "\($0.ruleID) (\($0.outcome.rawValue))" }.joined(separator: ", "))")
            }
        }
        // What the checks could not claim, because it was not measured: never read as passed.
        let untested = report.findings.filter { $0.notTested == true && !$0.repeatsAnotherCause }
        if !untested.isEmpty {
            lines.append("")
            let groups = NotTestedGroup.groups(untested, domain: report.domain)
            lines.append("  " + paint("NOT TESTED", 90) + " (\(Self.count(groups.count, "check"))\(untested.count > groups.count ? " on \(untested.count) subjects" : ""): what was not measured, and how to measure it)")
            for group in groups {
                let on = group.subjects.isEmpty ? "" : " · " + group.subjects.map(InertText.escape).joined(separator: ", ")
                lines.append("    \(group.area): \(InertText.escape(group.title))\(on) (\(group.ruleID))")
                lines.append("         \(InertText.escape(group.message))")
            }
        }
        if verbose {
            let records = report.factsSummary.rows
            if !records.isEmpty {
                lines.append("")
                lines.append(bold("  records"))
                lines += records.map { "    \($0.label): \(InertText.escape($0.values.map { InertText.shortened($0) }.joined(separator: " | ")))" }
            }
            let servers = EndpointSummary.rows(report.facts)
            if !servers.isEmpty {
                lines.append("")
                lines.append(bold("  mail servers"))
                for row in servers {
                    lines.append("    \(InertText.escape(row.server)) (\(row.service)): \(InertText.escape(row.connection))")
                    lines.append("         TLS \(InertText.escape(row.tls)); certificate \(InertText.escape(row.certificate)); DANE \(row.dane)")
                    // The versions × NCSC-NL grades table of the acceptance scan.
                    func column(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(1, width - text.count)) }
                    if !row.accepted.isEmpty { lines.append("         " + column("accepts", 9) + column("NCSC-NL 2.1 grades", 48) + column("order", 14) + "to remove (NCSC-NL)") }
                    for version in row.accepted {
                        let words = EndpointSummary.words(version)
                        lines.append("         " + column(version.version, 9) + column(words.grades, 48) + column(words.order, 14) + InertText.escape(words.needAction))
                    }
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Every domain, then (for more than one) the totals across them.
    public func render(_ report: AuditReport) -> String {
        let fixFirst = FixFirst(report)
        let grouped = report.domains.count > 1 && self.fixFirst
        let shared = grouped ? fixFirst.shared : []
        let outage = grouped ? fixFirst.outage : []
        var parts = report.domains.filter { !outage.contains($0.domain) }.map { render($0, shared: shared) }
        if grouped, !fixFirst.groups.isEmpty {
            parts.insert(fixFirstSection(fixFirst, domains: report.domains.count), at: 0)
        }
        if let input = report.input {
            parts.insert(input.lines.map { InertText.escape($0) }.map { paint($0, input.errors.isEmpty ? 0 : 35) }.joined(separator: "\n"), at: 0)
        }
        if let interrupted = report.summary.interrupted {
            parts.insert(paint("mailaudit: \(interrupted.text)", 35), at: 0)
        }
        if report.domains.count > 1 {
            let total = report.summary
            parts.append(bold("\(total.domains) domains: ") + Self.counts(fail: total.fail, warn: total.warn, error: total.error,
                                                                        info: total.info, pass: total.pass, waived: total.waived,
                                                                        superseded: total.superseded, blocked: total.blocked)
                         + (total.notTested.map { ", \($0) not tested" } ?? "")
                         + (total.notAudited > 0 ? "; \(total.notAudited) could not be audited" : ""))
        }
        return parts.joined(separator: "\n\n") + "\n"
    }

    /// The problems across the run's domains, worst first, each once with the domains it hits.
    func fixFirstSection(_ fixFirst: FixFirst, domains: Int) -> String {
        var lines = [bold("FIX FIRST") + " (\(domains) domains: each problem once, worst first, with the domains it hits)"]
        for group in fixFirst.groups.prefix(FixFirst.shown) {
            let count = group.domains.count == 1 ? "1 domain" : "\(group.domains.count) domains"
            if let failure = group.collectionFailure {
                // An outage: one line with every domain it kept from being audited.
                lines.append("  \(label(.error)) \(InertText.escape(group.title)) · \(count): " + InertText.escape(group.domains.joined(separator: ", ")))
                if let advice = advice(failure) { lines.append("         fix: \(advice)") }
                continue
            }
            lines.append("  \(label(group.outcome)) \(group.area): \(InertText.escape(group.title)) (\(group.ruleID)) · \(count): "
                         + InertText.escape(FixFirst.names(group.domains)))
            if let fix = group.fix {
                lines.append("         fix\(group.domains.count > 1 ? " (as written for \(InertText.escape(group.fixDomain)))" : ""): \(InertText.escape(fix))")
            }
        }
        if fixFirst.groups.count > FixFirst.shown {
            lines.append("  ... and \(Self.count(fixFirst.groups.count - FixFirst.shown, "more kind")) of problem in the domains below")
        }
        return lines.joined(separator: "\n")
    }

    /// The counts in the outcomes' own names (as the JSON spells them), worst first.
    static func counts(_ s: FindingSummary) -> String {
        counts(fail: s.fail, warn: s.warn, error: s.error, info: s.info, pass: s.pass,
               waived: s.waived, superseded: s.superseded, blocked: s.blocked) + (s.notTested.map { ", \($0) not tested" } ?? "")
    }

    static func counts(fail: Int, warn: Int, error: Int, info: Int, pass: Int, waived: Int, superseded: Int, blocked: Int) -> String {
        "\(fail) fail, \(warn) warn, \(error) error, \(info) info, \(pass) pass"
            + (waived > 0 ? ", \(waived) waived" : "") + (superseded > 0 ? ", \(superseded) superseded" : "")
            + (blocked > 0 ? ", \(blocked) not judged" : "")
    }

    public static func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

    /// Root causes, then by outcome, then by what the problem costs (the rule's impact), then
    /// by area and rule: an SPF permerror comes before a missing report address.
    static func worstFirst(_ a: Finding, _ b: Finding) -> Bool {
        let left = (a.rootCause == true ? 1 : 0, rank(a.outcome), a.impact ?? 2)
        let right = (b.rootCause == true ? 1 : 0, rank(b.outcome), b.impact ?? 2)
        if left != right { return left > right }
        return (a.area, a.ruleID, a.subject) < (b.area, b.ruleID, b.subject)
    }

    static func rank(_ outcome: Outcome) -> Int {
        switch outcome {
        case .fail: return 5
        case .error: return 4
        case .warn: return 3
        case .info: return 2
        case .pass: return 1
        case .notApplicable: return 0
        }
    }

    private func label(_ outcome: Outcome) -> String {
        switch outcome {
        case .fail: return paint("FAIL ", 31)
        case .error: return paint("ERROR", 35)
        case .warn: return paint("WARN ", 33)
        case .info: return paint("INFO ", 36)
        case .pass: return paint("PASS ", 32)
        case .notApplicable: return "n/a  "
        }
    }

    private func paint(_ text: String, _ code: Int) -> String { colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    private func bold(_ text: String) -> String { colour ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
}
