import Drift

/// The changes since a domain's previous audit, as text lines (the text report and `diff`).
/// Values from DNS and servers are made inert.
public enum ChangesText {
    public static func lines(_ drift: DomainDrift, indent: String = "  ") -> [String] {
        let since = "since \(InertText.escape(drift.since)) (\(InertText.escape(drift.sinceTime))"
            + (drift.alsoSince.map { "; what it did not measure, since " + $0.map(InertText.escape).joined(separator: ", ") } ?? "") + ")"
        if let reason = drift.notCompared { return ["\(indent)not compared with the audit \(since): \(InertText.escape(reason))"] }
        guard !drift.isEmpty else {
            return ["\(indent)no changes \(since)" + (drift.factsCompared ? "" : "; facts not compared (no facts saved then)")]
        }
        var counts: [String] = []
        let news = drift.findings.filter { $0.kind == .new }.count
        let resolved = drift.findings.filter { $0.kind == .resolved }.count
        let changed = drift.findings.filter { $0.kind == .changed }.count
        let reminders = drift.findings.filter { $0.kind == .reminder }.count
        if news > 0 { counts.append("\(news) new") }
        if resolved > 0 { counts.append("\(resolved) resolved") }
        if changed > 0 { counts.append("\(changed) changed") }
        if reminders > 0 { counts.append("\(reminders) still failing (reminder)") }
        if !drift.facts.isEmpty { counts.append(TextReport.count(drift.facts.count, "fact") + " changed") }
        var lines = ["\(indent)changes \(since): \(counts.joined(separator: ", "))"]
        for change in drift.findings {
            let what: String
            switch change.kind {
            case .new: what = "NEW      \(change.to.rawValue)"
            case .resolved: what = "RESOLVED was \(change.from.rawValue), now \(change.to == .absent ? "not reported" : change.to.rawValue)"
            case .changed: what = "CHANGED  \(change.from.rawValue) → \(change.to.rawValue)"
            case .reminder: what = "STILL    \(change.to.rawValue) since \(change.since.map { String($0.prefix(10)) } ?? "?")"
            }
            let subject = change.subject == drift.domain ? "" : " · \(InertText.escape(change.subject))"
            lines.append("\(indent)  \(what): \(InertText.escape(change.title))\(subject) (\(change.ruleID))")
        }
        for fact in drift.facts {
            let label = InertText.escape(fact.label)
            switch fact.kind {
            case .added: lines.append("\(indent)  + \(label): \(InertText.escape(fact.to ?? ""))")
            case .removed: lines.append("\(indent)  - \(label): \(InertText.escape(fact.from ?? ""))")
            case .changed: lines.append("\(indent)  ~ \(label): \(InertText.escape(fact.from ?? "")) → \(InertText.escape(fact.to ?? ""))")
            case .unseen: lines.append("\(indent)  ? \(label): not seen this time (was \(InertText.escape(fact.from ?? "")))")
            }
        }
        if !drift.factsCompared { lines.append("\(indent)  (facts not compared: the earlier report was saved without them)") }
        return lines
    }
}
