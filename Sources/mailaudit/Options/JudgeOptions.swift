import ArgumentParser
import AuditPipeline
import Reports
import RuleEngine

/// Which rules judge, under which profile, and which outcome fails the run; shared by
/// `audit` and `check`.
struct JudgeOptions: ParsableArguments {
    @Option(name: .customLong("fail-on"), help: ArgumentHelp("The lowest outcome that makes the exit code non-zero: warn (exit 1) or fail (exit 2).", valueName: "warn|fail"))
    var failOn: FailureThreshold = .warn

    @Flag(name: .shortAndLong, help: "Text: show passing findings too, and a line per probed mail server.")
    var verbose = false

    @Option(name: .customLong("rules"), help: ArgumentHelp("A folder of rule files to add to (or override) the built-in ones.", valueName: "dir"))
    var rulesDirectory: String?

    @Option(help: ArgumentHelp("The profile: default, go-live, bulk-sender-2024, bod-18-01, or a profile file.", valueName: "name|file"))
    var profile: String = "default"

    /// The run's auditor: the rules under the profile.
    func auditor() throws -> Auditor {
        let rules = try loadRules(rulesDirectory)
        do {
            let loaded = try ProfileLoader.load(profile, rules: rules)
            return Auditor(judge: RuleJudge(rules: loaded.apply(to: rules)), profile: loaded)
        } catch {
            throw UserError("profile error: \(error.description)")
        }
    }
}

/// The rules of a run: the built-in ones and those of `--rules DIR`.
func loadRules(_ directory: String?) throws -> [Rule] {
    do {
        return try RuleSet.load(extraDirectory: directory)
    } catch {
        throw UserError("rule file error: \(error.description)")
    }
}
