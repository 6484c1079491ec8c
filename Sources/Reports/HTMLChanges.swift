import Drift

extension HTMLReport {
    /// A domain's changes since its previous audit: findings new, resolved or changed, and
    /// the watched facts, each in word and colour. Every value is escaped.
    static func changes(_ drift: DomainDrift) -> String {
        if let reason = drift.notCompared {
            return "<p class=\"meta\">Not compared with \(escape(drift.since)) (\(escape(drift.sinceTime))): \(escape(reason)).</p>\n"
        }
        guard !drift.isEmpty else {
            return "<p class=\"meta\">No changes since \(escape(drift.since)) (\(escape(drift.sinceTime))).\(drift.factsCompared ? "" : " Facts not compared: the earlier report was saved without them.")</p>\n"
        }
        var html = "<div class=\"changes\"><h3>changes since \(escape(drift.since)) <span class=\"meta\">(\(escape(drift.sinceTime))\(drift.alsoSince.map { "; what it did not measure, since " + escape($0.joined(separator: ", ")) } ?? ""))</span></h3>\n"
        if !drift.findings.isEmpty {
            html += "<table class=\"servers\">\n<tr><th>change</th><th>finding</th><th>was</th><th>now</th></tr>\n"
            for change in drift.findings {
                let css = change.kind == .resolved ? "pass" : change.to.rawValue == "n/a" ? "na" : change.to.rawValue
                let subject = change.subject == drift.domain ? "" : " · <code>\(escape(change.subject))</code>"
                html += "<tr><td class=\"cell \(escape(css))\">\(escape(change.kind.rawValue))</td>"
                html += "<td>\(escape(change.title))\(subject) <span class=\"rule\">\(escape(change.ruleID))</span></td>"
                html += "<td>\(escape(change.from.rawValue))</td><td>\(escape(change.to.rawValue))</td></tr>\n"
            }
            html += "</table>\n"
        }
        if !drift.facts.isEmpty {
            html += "<table class=\"servers\">\n<tr><th>fact</th><th>was</th><th>now</th></tr>\n"
            for fact in drift.facts {
                let was = fact.from.map { "<code>\(escape($0))</code>" } ?? "<span class=\"meta\">none</span>"
                let now = fact.kind == .unseen ? "<span class=\"meta\">not seen this time</span>"
                    : fact.to.map { "<code>\(escape($0))</code>" } ?? "<span class=\"meta\">removed</span>"
                html += "<tr><th>\(escape(fact.label))</th><td>\(was)</td><td>\(now)</td></tr>\n"
            }
            html += "</table>\n"
        }
        if !drift.factsCompared { html += "<p class=\"meta\">Facts not compared: the earlier report was saved without them.</p>\n" }
        return html + "</div>\n"
    }

    /// A page of changes only (`mailaudit diff --format html`).
    public static func changesPage(_ drifts: [DomainDrift], title: String, notes: [String]) -> String {
        var html = head(title: title) + "<h1>\(escape(title))</h1>\n"
        for drift in drifts { html += "<h2>\(escape(drift.domain))</h2>\n" + changes(drift) }
        for note in notes { html += "<p class=\"meta\">\(escape(note))</p>\n" }
        return html + "</body>\n</html>\n"
    }
}
