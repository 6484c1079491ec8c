import ArgumentParser
import Foundation
import History
import AuditPipeline
import Reports
import RuleEngine

/// Which rules judge, under which profile, and which outcome fails the run; shared by
/// `audit` and `check`.
struct JudgeOptions: ParsableArguments {
    @Option(name: .customLong("fail-on"), help: ArgumentHelp("The lowest outcome that makes the exit code non-zero: warn (exit 1) or fail (exit 2); new: only findings new or worse since --baseline or the history's previous run.", valueName: "warn|fail|new"))
    var failOn: FailureThreshold = .warn

    @Flag(name: .shortAndLong, help: "Text: show passing findings too, and a line per probed mail server.")
    var verbose = false

    @Option(name: .customLong("rules"), help: ArgumentHelp("A folder of rule files to add to (or override) the built-in ones.", valueName: "dir"))
    var rulesDirectory: String?

    @Option(help: ArgumentHelp("The profile: default, go-live, bulk-sender-2024, bod-18-01, ncsc-nl, or a profile file (`mailaudit rules list` shows the rules it judges with).", valueName: "name|file"))
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

extension JudgeOptions {
    /// SHA-256 over the rule files and the profile this run judges with (built-in and
    /// --rules), recorded with each run: findings that changed while the domain did not are
    /// then explained by a changed digest.
    func rulesDigest() throws -> String {
        var texts = BuiltinRuleFiles.files.map { "\($0.name)\n\($0.text)" } + BuiltinRuleFiles.profiles.map { "profile \($0.name)\n\($0.text)" }
        if let rulesDirectory {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: rulesDirectory))?.filter { $0.hasSuffix(".yaml") }.sorted() ?? []
            texts += names.map { "\($0)\n\((try? String(contentsOfFile: rulesDirectory + "/" + $0, encoding: .utf8)) ?? "")" }
        }
        if FileManager.default.fileExists(atPath: profile) {
            texts.append("profile file\n" + ((try? String(contentsOfFile: profile, encoding: .utf8)) ?? ""))
        }
        return RunHistory.digest(texts)
    }
}
