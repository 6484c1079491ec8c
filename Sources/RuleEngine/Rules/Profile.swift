import Foundation

/// A profile (Zonemaster-style; docs/extending.md, "A profile"): which rules run, at which severity, and the
/// accepted exceptions (waivers), which reports list rather than hide.
///
///     name: go-live
///     extends: default
///     enable: ["spf.*", "dmarc.*"]      # id patterns (* matches any text); default all
///     disable: ["dmarc.removed-tags"]
///     severity: {dmarc.p-none: fail}
///     requirements: {dmarc.p-none: "BOD 18-01 (2)(b)"}   # added to the findings' refs
///     settings: {dmarcRequiredRua: [reports@dmarc.cyber.dhs.gov]}   # read by rules as settings.NAME
///     waivers:
///       - {rule: dkim.no-key, subject: example.org, reason: "signed by the provider", expires: 2027-06-30}
public struct Profile: Sendable {
    public struct Waiver: Sendable, Codable, Hashable {
        public var rule: String
        /// The finding's subject it covers (the domain, an MX host, ...); `*` for any.
        public var subject: String
        public var reason: String
        /// YYYY-MM-DD; the waiver no longer applies after this day.
        public var expires: String
    }

    public var name: String
    public var description: String
    public var enable: [String]
    public var disable: [String]
    public var severity: [String: Severity]
    public var requirements: [String: String]
    public var waivers: [Waiver]
    /// Values the rules read as `settings.NAME` (an address the profile requires in rua, ...);
    /// a rule that reads a setting the profile does not give does not apply.
    public var settings: [String: CELValue] = [:]
    public var parent: String?
    public var location: SourceLocation

    /// The rules this profile runs, with its severities and requirement references applied.
    public func apply(to rules: [Rule]) -> [Rule] {
        rules.filter { rule in
            enable.contains { Self.matches($0, rule.id) } && !disable.contains { Self.matches($0, rule.id) }
        }.map { rule in
            var changed = rule
            if let level = severity[rule.id] { changed.severity = level }
            if let requirement = requirements[rule.id] { changed.refs.append(requirement) }
            return changed
        }
    }

    /// Marks the findings a waiver covers (and lists expired waivers in the message).
    public func waive(_ findings: [Finding], today: Date = Date()) -> [Finding] {
        let day = Self.dayFormatter.string(from: today)
        return findings.map { finding in
            guard finding.outcome != .pass && finding.outcome != .notApplicable,
                  let waiver = waivers.first(where: { $0.rule == finding.ruleID && ($0.subject == "*" || $0.subject == finding.subject) })
            else { return finding }
            var waived = finding
            if waiver.expires >= day {
                waived.waiver = Finding.WaiverNote(reason: waiver.reason, expires: waiver.expires, profile: name)
            } else {
                waived.message += " (a waiver for this expired on \(waiver.expires): \(waiver.reason))"
            }
            return waived
        }
    }

    static let dayFormatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return formatter
    }()

    /// `*` matches any run of characters; everything else matches itself.
    static func matches(_ pattern: String, _ id: String) -> Bool {
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1 else { return pattern == id }
        var rest = Substring(id)
        guard rest.hasPrefix(parts[0]) else { return false }
        rest = rest.dropFirst(parts[0].count)
        for part in parts.dropFirst().dropLast() {
            guard let range = rest.range(of: part) else { return false }
            rest = rest[range.upperBound...]
        }
        return rest.hasSuffix(parts.last!)
    }
}
