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

    public init(colour: Bool, verbose: Bool = false, advice: @escaping CollectionAdvice = { _ in nil }) {
        self.colour = colour
        self.verbose = verbose
        self.advice = advice
    }

    /// Colour when standard output is a terminal and NO_COLOR (no-color.org) is not set.
    public static var terminalWantsColour: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }

    public func render(_ report: DomainReport) -> String {
        var lines: [String] = []
        let s = report.summary
        lines.append(bold("\(report.domain): ") + "\(s.fail) failed, \(Self.count(s.warn, "warning")), \(Self.count(s.error, "error")), \(Self.count(s.info, "note")), \(s.pass) passed"
            + (s.waived > 0 ? ", \(s.waived) waived" : ""))
        if let error = s.collectionError {
            lines.append(paint("  could not audit: \(CollectionAdviceText.join(error, report.facts.collection.failure.flatMap(advice)))", 35))
        }
        let areas = Dictionary(grouping: report.findings, by: \.area)
        for area in areas.keys.sorted() {
            let shown = areas[area]!.filter { verbose || ($0.outcome != .pass && $0.outcome != .notApplicable) }
            guard !shown.isEmpty else { continue }
            lines.append("")
            lines.append(bold("  \(area)"))
            for finding in shown.sorted(by: { Self.rank($0.outcome) > Self.rank($1.outcome) }) {
                let subject = finding.subject == report.domain ? "" : " [\(finding.subject)]"
                let tag = finding.waiver == nil ? label(finding.outcome) : paint("WAIVED", 90)
                lines.append("    \(tag) \(finding.title)\(subject) (\(finding.ruleID))")
                if let waiver = finding.waiver {
                    lines.append("         waived until \(waiver.expires) by profile \(waiver.profile): \(waiver.reason) (was \(finding.outcome.rawValue))")
                }
                if !finding.message.isEmpty { lines.append("         \(finding.message)") }
                if let fix = finding.fix, finding.waiver == nil, finding.outcome == .warn || finding.outcome == .fail {
                    lines.append("         fix: \(fix)")
                }
                if finding.outcome == .warn || finding.outcome == .fail, !finding.refs.isEmpty {
                    lines.append("         see: \(finding.refs.joined(separator: ", "))")
                }
            }
        }
        if verbose {
            let servers = EndpointSummary.rows(report.facts)
            if !servers.isEmpty {
                lines.append("")
                lines.append(bold("  mail servers"))
                for row in servers {
                    lines.append("    \(row.server) (\(row.service)): \(row.connection)")
                    lines.append("         TLS \(row.tls); certificate \(row.certificate); DANE \(row.dane)")
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    static func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

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
