import Foundation
import Yams

/// Reads profiles and resolves `extends`; every mistake (unknown key, unknown rule id, a
/// pattern that matches nothing, an unknown level, a bad date) is an error with its place.
public enum ProfileLoader {
    static let keys: Set<String> = ["name", "description", "extends", "enable", "disable", "severity", "requirements", "waivers", "settings"]

    /// The profile `name` (a built-in one or a file path), resolved against `rules`.
    public static func load(_ nameOrPath: String, rules: [Rule]) throws(RuleFileError) -> Profile {
        try resolve(nameOrPath, rules: rules, seen: [])
    }

    /// The names of the settings a rule reads (`settings.NAME` in any of its expressions).
    static func settingsRead(_ rule: Rule) -> [String] {
        rule.expressions.flatMap(\.expr.paths).compactMap { $0.first == "settings" && $0.count > 1 ? $0[1] : nil }
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
        if let node = mapping["settings"] {
            guard let items = node.mapping else { throw error(node, "'settings' maps setting names (read by rules as settings.NAME) to values") }
            let read = Set(rules.flatMap(Self.settingsRead))
            for (key, value) in items {
                let name = key.string ?? ""
                guard read.contains(name) else {
                    throw error(key, "settings: no rule reads '\(name)' (read: \(read.sorted().joined(separator: ", ")))")
                }
                profile.settings[name] = RuleFileLoader.value(value)
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
