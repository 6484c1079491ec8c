import Foundation
import MailFacts

/// The rules a run uses: the built-in files, with the files of `--rules DIR` added (a rule
/// with a built-in id replaces it).
public enum RuleSet {
    public static func load(extraDirectory: String?) throws(RuleFileError) -> [Rule] {
        var rules = try RuleFileLoader.load(BuiltinRuleFiles.files.map { ("rules/" + $0.name, $0.text) })
        if let extraDirectory {
            guard FileManager.default.fileExists(atPath: extraDirectory) else {
                throw RuleFileError(location: SourceLocation(file: extraDirectory, line: 0), ruleID: nil,
                                    message: "no such folder")
            }
            let extra = try RuleFileLoader.load(directory: extraDirectory)
            let replaced = Set(extra.map(\.id))
            rules = rules.filter { !replaced.contains($0.id) } + extra
        }
        // A rule may only supersede, or block, rules of the run.
        let ids = Set(rules.map(\.id))
        for rule in rules {
            for id in rule.supersedes where !ids.contains(id) {
                throw RuleFileError(location: rule.location, ruleID: rule.id, message: "supersedes: no rule '\(id)'")
            }
            for pattern in rule.blocks where !ids.contains(where: { Profile.matches(pattern, $0) }) {
                throw RuleFileError(location: rule.location, ruleID: rule.id, message: "blocks: '\(pattern)' matches no rule")
            }
        }
        return rules
    }

    /// A FactSet as the CEL value rules see, encoded directly (`CELValueEncoder`); the same value
    /// as through its JSON form, which `check --facts` reads.
    public static func value(of facts: FactSet) throws -> CELValue {
        try CELValueEncoder().encode(facts)
    }

    /// The same value through JSON text (what `check --facts` reads); the tests hold the
    /// two equal.
    public static func valueThroughJSON(of facts: FactSet) throws -> CELValue {
        let data = try JSONEncoder().encode(facts)
        return try JSONDecoder().decode(CELValue.self, from: data)
    }
}
