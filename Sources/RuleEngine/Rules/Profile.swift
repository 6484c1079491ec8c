import Foundation
import Yams

/// A profile (Zonemaster-style, STYLE.md): which rules run, at which severity, and the
/// accepted exceptions (waivers), which reports list rather than hide.
///
///     name: go-live
///     extends: default
///     enable: ["spf.*", "dmarc.*"]      # id patterns (* matches any text); default all
///     disable: ["dmarc.removed-tags"]
///     severity: {dmarc.p-none: fail}
///     requirements: {dmarc.p-none: "BOD 18-01 (2)(b)"}   # added to the findings' refs
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

/// Reads profiles and resolves `extends`; every mistake (unknown key, unknown rule id, a
/// pattern that matches nothing, an unknown level, a bad date) is an error with its place.
public enum ProfileLoader {
    static let keys: Set<String> = ["name", "description", "extends", "enable", "disable", "severity", "requirements", "waivers"]

    /// The profile `name` (a built-in one or a file path), resolved against `rules`.
    public static func load(_ nameOrPath: String, rules: [Rule]) throws(RuleFileError) -> Profile {
        try resolve(nameOrPath, rules: rules, seen: [])
    }

    private static func source(_ nameOrPath: String) throws(RuleFileError) -> (String, String) {
        if let builtin = BuiltinRuleFiles.profiles.first(where: { $0.name == nameOrPath }) {
            return ("rules/profiles/\(builtin.name).yaml", builtin.text)
        }
        if FileManager.default.fileExists(atPath: nameOrPath), let text = try? String(contentsOfFile: nameOrPath, encoding: .utf8) {
            return (nameOrPath, text)
        }
        let known = BuiltinRuleFiles.profiles.map(\.name).joined(separator: ", ")
        throw RuleFileError(location: SourceLocation(file: nameOrPath, line: 0), ruleID: nil,
                            message: "no such profile (built-in: \(known); or give a file path)")
    }

    private static func resolve(_ nameOrPath: String, rules: [Rule], seen: [String]) throws(RuleFileError) -> Profile {
        let (file, text) = try source(nameOrPath)
        guard !seen.contains(file) else {
            throw RuleFileError(location: SourceLocation(file: file, line: 1), ruleID: nil, message: "extends loops: \((seen + [file]).joined(separator: " → "))")
        }
        func error(_ node: Node?, _ message: String) -> RuleFileError {
            RuleFileError(location: SourceLocation(file: file, line: node?.mark?.line ?? 1), ruleID: nil, message: message)
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text), node.mapping != nil else { throw error(nil, "a profile is a mapping") }
            root = node
        } catch let failure as RuleFileError { throw failure } catch { throw RuleFileError(location: SourceLocation(file: file, line: 1), ruleID: nil, message: "not valid YAML: \(error)") }
        let mapping = root.mapping!
        for key in mapping.keys where !keys.contains(key.string ?? "") {
            throw error(key, "unknown key '\(key.string ?? "?")' (expected \(keys.sorted().joined(separator: ", ")))")
        }
        var profile: Profile
        if let parent = mapping["extends"]?.string {
            profile = try resolve(parent, rules: rules, seen: seen + [file])
            profile.parent = parent
        } else {
            profile = Profile(name: "", description: "", enable: ["*"], disable: [], severity: [:], requirements: [:], waivers: [], parent: nil,
                              location: SourceLocation(file: file, line: 1))
        }
        profile.name = mapping["name"]?.string ?? (file as NSString).lastPathComponent
        profile.description = mapping["description"]?.string ?? profile.description
        profile.location = SourceLocation(file: file, line: 1)
        let ids = Set(rules.map(\.id))
        func patterns(_ key: String) throws(RuleFileError) -> [String]? {
            guard let node = mapping[key] else { return nil }
            guard let list = node.sequence?.compactMap(\.string), list.count == node.sequence?.count else {
                throw error(node, "'\(key)' must be a list of rule id patterns")
            }
            for pattern in list where !ids.contains(where: { Profile.matches(pattern, $0) }) {
                throw error(node, "\(key): '\(pattern)' matches no rule")
            }
            return list
        }
        if let enable = try patterns("enable") { profile.enable = enable }
        if let disable = try patterns("disable") { profile.disable += disable }
        if let node = mapping["severity"] {
            guard let levels = node.mapping else { throw error(node, "'severity' maps rule ids to info, warn or fail") }
            for (key, value) in levels {
                let id = key.string ?? ""
                guard ids.contains(id) else { throw error(key, "severity: no rule '\(id)'") }
                guard let level = value.string.flatMap(Severity.init(rawValue:)) else {
                    throw error(value, "severity: '\(value.string ?? "?")' for \(id) is not info, warn or fail")
                }
                profile.severity[id] = level
            }
        }
        if let node = mapping["requirements"] {
            guard let items = node.mapping else { throw error(node, "'requirements' maps rule ids to the requirement they encode") }
            for (key, value) in items {
                let id = key.string ?? ""
                guard ids.contains(id) else { throw error(key, "requirements: no rule '\(id)'") }
                profile.requirements[id] = value.string ?? ""
            }
        }
        if let node = mapping["waivers"] {
            guard let items = node.sequence else { throw error(node, "'waivers' is a list of {rule, subject, reason, expires}") }
            for item in items {
                guard let fields = item.mapping, let rule = fields["rule"]?.string, let reason = fields["reason"]?.string,
                      let expires = fields["expires"]?.string else {
                    throw error(item, "a waiver needs rule, reason and expires (and optionally subject)")
                }
                guard ids.contains(rule) else { throw error(item, "waiver: no rule '\(rule)'") }
                guard Profile.dayFormatter.date(from: expires) != nil else { throw error(item, "waiver: expires '\(expires)' is not YYYY-MM-DD") }
                profile.waivers.append(Profile.Waiver(rule: rule, subject: fields["subject"]?.string ?? "*", reason: reason, expires: expires))
            }
        }
        return profile
    }
}
