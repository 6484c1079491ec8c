import Foundation
import RuleEngine

/// JUnit XML as GitLab and Jenkins read it: a test suite per domain, a test case per rule
/// and subject; an outcome at or above `--fail-on` is a failure, error an error, n/a (and a
/// finding superseded, blocked or waived) skipped. Text is made visible (control characters
/// are not allowed in XML 1.0) and escaped.
public enum JUnitReport {
    public static func render(_ report: AuditReport, failOn threshold: FailureThreshold = .warn) -> String {
        var suites: [String] = []
        var totals = (tests: 0, failures: 0, errors: 0, skipped: 0)
        for domain in report.domains {
            var cases: [String] = []
            var counts = (tests: 0, failures: 0, errors: 0, skipped: 0)
            if let error = domain.summary.collectionError {
                counts.tests += 1
                counts.errors += 1
                cases.append("    <testcase classname=\"\(escape(domain.domain))\" name=\"could not audit\" time=\"0\">\n"
                             + "      <error message=\"\(escape(error))\" type=\"collection\"/>\n    </testcase>")
            }
            for finding in domain.findings {
                counts.tests += 1
                let name = finding.subject == domain.domain ? finding.ruleID : "\(finding.ruleID) \(finding.subject)"
                var body = ""
                // Each line made inert on its own, then joined with real line breaks.
                let detailLines = ([finding.message] + (finding.evidence ?? []).map { "seen: \($0)" } + [finding.fix.map { "fix: \($0)" } ?? ""]
                                   + [finding.refs.isEmpty ? "" : "see: " + finding.refs.joined(separator: ", ")]).filter { !$0.isEmpty }
                if !finding.isCounted || finding.outcome == .notApplicable {
                    counts.skipped += 1
                    let why = finding.supersededBy.map { "superseded by \($0)" } ?? finding.blockedBy.map { "not judged because of \($0)" }
                        ?? finding.waiver.map { "waived until \($0.expires): \($0.reason)" } ?? "not applicable"
                    body = "      <skipped message=\"\(escape(why))\"/>\n"
                } else if finding.outcome == .error {
                    counts.errors += 1
                    body = "      <error message=\"\(escape(finding.message))\" type=\"error\">\(lines(detailLines))</error>\n"
                } else if threshold.fails(finding.outcome) {
                    counts.failures += 1
                    body = "      <failure message=\"\(escape(finding.title))\" type=\"\(finding.outcome.rawValue)\">\(lines(detailLines))</failure>\n"
                } else if finding.outcome != .pass {
                    body = "      <system-out>\(escape(finding.outcome.rawValue + ":")) \(lines(detailLines))</system-out>\n"
                }
                let open = "    <testcase classname=\"\(escape(domain.domain)).\(escape(finding.area))\" name=\"\(escape(name))\" time=\"0\""
                cases.append(body.isEmpty ? open + "/>" : open + ">\n" + body + "    </testcase>")
            }
            let seconds = String(format: "%.3f", domain.facts.collection.seconds)
            suites.append("  <testsuite name=\"\(escape(domain.domain))\" tests=\"\(counts.tests)\" failures=\"\(counts.failures)\" "
                          + "errors=\"\(counts.errors)\" skipped=\"\(counts.skipped)\" time=\"\(seconds)\" timestamp=\"\(escape(String(domain.facts.collectedAt.prefix(19))))\">\n"
                          + cases.joined(separator: "\n") + (cases.isEmpty ? "" : "\n") + "  </testsuite>")
            totals.tests += counts.tests
            totals.failures += counts.failures
            totals.errors += counts.errors
            totals.skipped += counts.skipped
        }
        if let errors = report.input?.errors, !errors.isEmpty {
            // Each line of the domains list that could not be used: an error of its own suite.
            let cases = errors.map { "    <testcase classname=\"domains list\" name=\"\(escape($0))\" time=\"0\">\n"
                + "      <error message=\"\(escape($0))\" type=\"input\"/>\n    </testcase>" }
            suites.insert("  <testsuite name=\"domains list\" tests=\"\(errors.count)\" failures=\"0\" errors=\"\(errors.count)\" skipped=\"0\" time=\"0\">\n"
                          + cases.joined(separator: "\n") + "\n  </testsuite>", at: 0)
            totals.tests += errors.count
            totals.errors += errors.count
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<testsuites name=\"mailaudit\" tests=\"\(totals.tests)\" failures=\"\(totals.failures)\" errors=\"\(totals.errors)\" skipped=\"\(totals.skipped)\">\n"
            + suites.joined(separator: "\n") + (suites.isEmpty ? "" : "\n") + "</testsuites>\n"
    }

    /// XML 1.0 escaping of text that may hold anything: control characters made visible first,
    /// and U+FFFE and U+FFFF (not XML characters either) too.
    static func escape(_ text: String) -> String {
        HTMLReport.escape(InertText.escape(text)).replacingOccurrences(of: "\u{FFFE}", with: "\\u{fffe}")
            .replacingOccurrences(of: "\u{FFFF}", with: "\\u{ffff}")
    }

    static func lines(_ lines: [String]) -> String { lines.map(escape).joined(separator: "\n") }
}
