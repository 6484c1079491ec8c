import Foundation

extension HTMLReport {
    /// A domain's last runs as an inline SVG (no script): one stacked bar per run, fail, error
    /// and warn from the bottom, each bar titled with its counts; and the same in words
    /// beneath, so colour is never the only carrier.
    static func timeline(_ points: [TimelinePoint]) -> String {
        guard points.count > 1 else { return "" }
        let first = points.first!, last = points.last!
        let span = "last \(points.count) runs, \(escape(String(first.time.prefix(10)))) to \(escape(String(last.time.prefix(10))))"
        let most = points.map { $0.fail + $0.error + $0.warn }.max() ?? 0
        guard most > 0 else { return "<p class=\"meta history\">\(span): no failures, errors or warnings.</p>\n" }
        let width = 14, gap = 4, height = 48
        var svg = "<svg class=\"timeline\" role=\"img\" width=\"\(points.count * (width + gap))\" height=\"\(height + 2)\" viewBox=\"0 0 \(points.count * (width + gap)) \(height + 2)\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<title>fail, error and warn counts over the last \(points.count) runs</title>"
        for (index, point) in points.enumerated() {
            let x = index * (width + gap)
            var y = height
            svg += "<g><title>run \(point.run), \(escape(point.time)): \(point.fail) fail, \(point.error) error, \(point.warn) warn, \(point.pass) pass</title>"
            svg += "<rect x=\"\(x)\" y=\"\(height)\" width=\"\(width)\" height=\"2\" fill=\"#2e7d32\"/>"
            for (count, colour) in [(point.fail, "#b3261e"), (point.error, "#7b1fa2"), (point.warn, "#a15c00")] where count > 0 {
                let bar = max(2, count * height / most)
                y -= bar
                svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(width)\" height=\"\(bar)\" fill=\"\(colour)\"/>"
            }
            svg += "</g>"
        }
        svg += "</svg>"
        let words = "\(span): "
            + "fail \(first.fail) → \(last.fail), warn \(first.warn) → \(last.warn), error \(first.error) → \(last.error)"
        return "<div class=\"history\">\(svg)<p class=\"meta\">\(words)</p></div>\n"
    }

    /// The earliest certificate expiry among the domain's servers, as a countdown.
    static func certificateCountdown(_ domain: DomainReport, certificates: CertificateThresholds?) -> String {
        let served = (domain.facts.smtp?.endpoints ?? []).compactMap { endpoint -> (String, Int, String)? in
            guard let tls = endpoint.tls, let days = tls.daysToExpiry, let leaf = tls.chain.first else { return nil }
            return ("\(endpoint.host) [\(endpoint.address)]:\(endpoint.port)", days, leaf.notAfter)
        }
        guard let earliest = served.min(by: { $0.1 < $1.1 }) else { return "" }
        // The warning threshold is the rule's (smtp.cert-expiring), as it judged.
        let css = earliest.1 < 0 ? "fail" : (certificates.map { earliest.1 < $0.warnDays } ?? false) ? "warn" : "pass"
        let text = earliest.1 < 0 ? "expired \(-earliest.1) days ago" : "\(earliest.1) days left"
        return "<p class=\"countdown\"><span class=\"outcome \(css)\">certificate: \(text)</span> "
            + "earliest of the \(served.count == 1 ? "MX certificate" : "\(served.count) MX certificates") served, \(escape(earliest.0)), until \(escape(earliest.2))</p>\n"
    }
}
