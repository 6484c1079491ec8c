import ArgumentParser
import Foundation
import Reports
import Yams

/// The configuration file (`--config FILE`): a YAML mapping whose keys are the long options
/// of the command, without their dashes, so that the file and `--help` can never disagree.
/// It becomes command-line words placed before the user's own, and an option the user
/// gives is not taken from the file: options on the command line win.
///
///     resolver: [127.0.0.1]          # a repeatable option: a list, or one value
///     domains-file: domains          # a file name: relative to the configuration's folder
///     no-smtp: true                  # a flag: true or false
///
/// Checked before the command runs, each problem as `FILE:LINE: what` (exit 3): a key that
/// no command that reads the file has, a list for a one-value option, a value that is not
/// one of an option's choices, a flag that is not true or false. What only the command can
/// check (a number out of range, a file that does not exist) it reports naming the option;
/// `attribute(_:)` adds the file and line of the key it came from.
///
/// Written here rather than with swift-configuration: the keys are the command's own
/// options (ArgumentParser's description of them, `_dumpHelp()`), and the words go through
/// the same parsing and validation as typed ones; a second description of every option,
/// which a configuration library needs, would drift from `--help`.
struct ConfigFile {
    /// Where each option that came from the file was written: "--format" → "FILE:12".
    private(set) var sources: [String: String] = [:]

    /// The commands that read a configuration file (those that declare `ConfigOption`).
    static let commands: [[String]: any ParsableArguments.Type] = [
        ["audit"]: MailAudit.Audit.self,
        ["facts"]: MailAudit.Facts.self,
        ["history", "list"]: MailAudit.HistoryCommand.List.self,
        ["history", "show"]: MailAudit.HistoryCommand.Show.self,
        ["history", "prune"]: MailAudit.HistoryCommand.Prune.self,
    ]

    /// What commands other than `audit` take from the file: where things are and how DNS and
    /// the probes are reached. The report's and the judgement's keys (format, output, quiet,
    /// fail-on, profile, ...) are the audit's: a shared file's `format: jsonl` must not reach
    /// `history list`, nor its `output` make `facts` overwrite the audit's report.
    static let sharedKeys: Set<String> = [
        "history", "resolver", "timeout", "retries", "deadline", "qps", "dns-cache-mb", "trust-anchor", "no-dnssec-validation",
        "psl-file", "ca-file", "ehlo-name", "smtp-timeout",
    ]

    /// Options a configuration file cannot set.
    static let excluded: Set<String> = ["config", "help", "version", "experimental-dump-help", "generate-completion-script"]

    /// The words with the file's options put in, or the words as they are without `--config`.
    mutating func expand(_ words: [String]) throws -> [String] {
        guard let path = try Self.configPath(in: words) else { return words }
        guard let (commandPath, type) = Self.commands.first(where: { Array(words.prefix($0.key.count)) == $0.key }) else {
            return words  // ArgumentParser says that this command has no --config
        }
        let text: String
        do {
            text = String(decoding: try InputFile.read(path), as: UTF8.self)
        } catch let error as UserError {
            throw UserError("\(error.message) (the configuration file); give its path with --config FILE")
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
            // Yams names the mapping; the second line of the key is where the mistake is.
            let key = duplicates.first ?? ""
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .filter { $0.element.hasPrefix(key + ":") }.map { $0.offset + 1 }
            throw UserError("\(path):\(lines.dropFirst().first ?? context.mark.line): \(key) is written twice\(lines.first.map { " (first on line \($0))" } ?? "")")
        } catch let error as YamlError {
            throw UserError("\(path):\(Self.line(of: error)): not YAML: \(Self.summary(of: error))")
        }
        guard let node else { return words }  // an empty file: nothing to add
        guard let mapping = node.mapping else {
            throw UserError("\(path):\(node.mark?.line ?? 1): the configuration is a list of key: value lines (the long options of mailaudit \(commandPath.joined(separator: " ")) --help)")
        }
        let options = try Self.options(of: type)
        let known = try Self.knownKeys()
        let given = Self.userTargets(words)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        var added: [String] = []
        for (keyNode, value) in mapping {
            let line = keyNode.mark?.line ?? 1
            let place = "\(path):\(line)"
            guard let key = keyNode.scalar?.string else { throw UserError("\(place): a key is a name, such as resolver") }
            guard known.contains(key) else {
                let hint = CommandSuggestion.nearest(key, among: known.sorted()).map { " (did you mean '\($0)'?)" } ?? ""
                throw UserError("\(place): unknown key '\(InertText.escape(key))'\(hint); the keys are the long options of mailaudit \(commandPath.joined(separator: " ")) --help, without their dashes")
            }
            guard let option = options[key] else { continue }  // another command's option
            if commandPath != ["audit"] && !Self.sharedKeys.contains(key) { continue }
            // A flag's inversion (--progress / --no-progress) is a separate option to ArgumentParser.
            let inversion = options["no-" + key].map { ($0.names ?? []).map(Self.spelled) } ?? []
            let names = (option.names ?? []).map(Self.spelled) + inversion
            // Every value is checked, also one the command line overrides: a mistake in the
            // nightly job's file shows when the file is tried by hand.
            let optionWords = try Self.words(for: key, option: option, inversionNames: inversion, value: value, place: place, path: path, folder: folder)
            // The command line wins: an option given there (in any of its spellings, or its
            // inversion) is not taken from the file; nor is a domains file when domains are named.
            if words.contains(where: { Self.word($0, isOneOf: names) }) { continue }
            if key == "domains-file" && given { continue }
            added += optionWords
            for name in names { sources[name] = place }
        }
        return Array(words.prefix(commandPath.count)) + added + words.dropFirst(commandPath.count)
    }

    /// The command-line words for one key of the file.
    static func words(for key: String, option: CommandOption, inversionNames: [String], value: Node, place: String, path: String, folder: URL) throws -> [String] {
        let longName = "--" + key
        let names = (option.names ?? []).map(Self.spelled) + inversionNames
        switch option.kind {
        case "flag":
            guard let flag = value.scalar.flatMap({ Bool($0.string.lowercased()) }) else {
                throw UserError("\(place): \(key) is a flag: true or false")
            }
            // A flag with an inversion (--progress / --no-progress) takes false as the inversion.
            if flag { return [longName] }
            return names.contains("--no-" + key) ? ["--no-" + key] : []
        case _ where option.kind == "option" && Self.isNull(value):
            throw UserError("\(place): \(key) has no value (write one, or leave the key out)")
        case "option":
            let values: [Node]
            switch value {
            case .scalar: values = [value]
            case .sequence(let sequence) where option.isRepeating: values = Array(sequence)
            case .sequence: throw UserError("\(place): \(key) takes one value, not a list")
            case .mapping, .alias: throw UserError("\(place): \(key) takes \(option.isRepeating ? "a value or a list of values" : "one value"), not a mapping")
            }
            return try values.map { item in
                guard var text = item.scalar?.string, !text.isEmpty, !Self.isNull(item) else {
                    throw UserError("\(item.mark.map { "\(path):\($0.line)" } ?? place): \(key): a value is empty or not a single value")
                }
                if let choices = option.allValues, !choices.isEmpty, !choices.contains(text) {
                    throw UserError("\(place): \(key): '\(InertText.escape(text))' is not one of \(choices.joined(separator: ", "))")
                }
                if Self.isRelativePath(text, valueName: option.valueName) {
                    text = folder.appendingPathComponent(text).standardizedFileURL.path
                }
                return longName + "=" + text
            }
        default:
            return []
        }
    }

    /// A file name relative to the configuration's folder: the value of an option that takes
    /// a file or a folder (`file`, `dir`), or one that takes a file among other things
    /// (`file|url`, `name|file`) when it looks like one (a `/`, or a file's suffix).
    static func isRelativePath(_ text: String, valueName: String?) -> Bool {
        guard let valueName, !text.hasPrefix("/"), text != "-", !text.contains("://") else { return false }
        if valueName == "file" || valueName == "dir" { return true }
        let parts = valueName.split(separator: "|")
        guard parts.contains("file") || parts.contains("dir") else { return false }
        return text.contains("/") || [".yaml", ".yml", ".db", ".sqlite", ".json"].contains { text.hasSuffix($0) }
    }

    /// YAML's null (`key:`, `key: ~`, `key: null`): no value, never the text "null".
    static func isNull(_ node: Node) -> Bool {
        guard let scalar = node.scalar, scalar.style == .plain else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// Whether a word of the command line gives one of the option's names: `--format`,
    /// `--format=json`, `-o`, `-ofile`.
    static func word(_ word: String, isOneOf names: [String]) -> Bool {
        names.contains { name in
            word == name || word.hasPrefix(name + "=") || (name.count == 2 && !word.hasPrefix("--") && word.hasPrefix(name))
        }
    }

    /// A message about an option that came from the file, with the file and line before it.
    /// Only a message about an option's value: one that starts with the option ("--timeout 0:
    /// must be ...") or quotes it ("invalid for '--qps <n>'"); never a suggestion about a
    /// word of the command line ("Unknown option '--histroy'. Did you mean '--history'?").
    func attribute(_ message: String) -> String {
        guard !message.contains("Did you mean"), !message.hasPrefix("Unknown option") else { return message }
        for (name, place) in sources.sorted(by: { $0.key.count > $1.key.count })
        where message.hasPrefix(name + " ") || message.hasPrefix(name + ":") || message.contains("'\(name) <") || message.contains("'\(name)'") {
            return "\(place): \(message)"
        }
        return message
    }

    // MARK: - Reading the command line

    /// The path after `--config`, and its index, when the words have one.
    static func configPath(in words: [String]) throws -> String? {
        var found: String?
        for (index, word) in words.enumerated() {
            if word == "--" { break }
            var path: String?
            if word == "--config", index + 1 < words.count { path = words[index + 1] }
            if word.hasPrefix("--config=") { path = String(word.dropFirst("--config=".count)) }
            guard let path else { continue }
            if found != nil { throw UserError("--config is given twice: one configuration file at a time") }
            found = path
        }
        return found
    }

    /// Whether the command line names the domains itself (`audit example.org`).
    static func userTargets(_ words: [String]) -> Bool {
        guard words.first == "audit", let command = try? MailAudit.parseAsRoot(words) as? MailAudit.Audit else { return false }
        return !command.domains.isEmpty
    }

    static func spelled(_ name: CommandOption.Name) -> String {
        name.kind == "long" ? "--" + name.name : "-" + name.name
    }

    // MARK: - The commands' options

    /// The command's options and flags by long name (what the file's keys are).
    static func options(of type: any ParsableArguments.Type) throws -> [String: CommandOption] {
        let info: CommandOption.ToolInfo
        do {
            info = try JSONDecoder().decode(CommandOption.ToolInfo.self, from: Data(type._dumpHelp().utf8))
            // Version 0 is the form CommandOption reads; another would be read wrongly.
            guard info.serializationVersion == 0 else { throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "ToolInfo version \(info.serializationVersion)")) }
        } catch {
            throw UserError("cannot read the command's own option list (\(error)); this is a bug in mailaudit")
        }
        var options: [String: CommandOption] = [:]
        for argument in info.command.arguments ?? [] where argument.kind != "positional" {
            for name in argument.names ?? [] where name.kind == "long" && !excluded.contains(name.name) {
                // An inversion's second name (--no-progress) is the same option.
                if options[name.name] == nil { options[name.name] = argument }
            }
        }
        return options
    }

    /// Every key a configuration file may hold: the options of every command that reads one.
    static func knownKeys() throws -> Set<String> {
        var keys: Set<String> = []
        for type in commands.values { keys.formUnion(try options(of: type).keys) }
        return keys
    }

    // MARK: - Messages

    static func line(of error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _): mark.line
        case .composer(_, _, let mark, _): mark.line
        default: 1
        }
    }

    static func summary(of error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): problem
        default: "\(error)".split(separator: "\n").first.map(String.init) ?? "a syntax error"
        }
    }
}
