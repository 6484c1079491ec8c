import Foundation
import Yams

/// Reads rule files: YAML (with Yams) of the form
///
///     area: spf
///     rules:
///       - id: spf.missing
///         title: ...
///         severity: fail          # info | warn | fail
///         impact: 4               # 1-5: what the problem costs (Rule.impact); orders findings of one severity
///         scope: mx.exchanges     # optional: judge each element; `as:` names it (default item)
///         when: "..."             # optional CEL
///         check: "..."            # CEL that must hold
///         requires: [spf.lookup]  # optional: inputs whose failure makes the outcome error
///         message: "... {{ expr }} ..."
///         fix: "..."
///         refs: ["RFC 7208 §4.5"]
///         examples:
///           pass: [ {facts...} ]
///           fail: [ {facts...} ]
///
/// Every mistake is reported with file, line and rule id.
public enum RuleFileLoader {
    static let ruleKeys: Set<String> = ["id", "title", "passTitle", "errorTitle", "severity", "impact", "scope", "as", "when", "check", "requires", "cannotJudge",
                                        "notTested", "message", "fix", "refs", "supersedes", "blocks", "evidence", "rootCause", "parameters", "examples"]

    /// The rules of every `*.yaml` file in a folder (not its subfolders), in file order.
    public static func load(directory: String) throws(RuleFileError) -> [Rule] {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        var sources: [(String, String)] = []
        for file in files {
            let path = (directory as NSString).appendingPathComponent(file)
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw RuleFileError(location: SourceLocation(file: path, line: 0), ruleID: nil, message: "cannot read the file")
            }
            sources.append((path, text))
        }
        return try load(sources)
    }

    /// Rules from (file name, YAML text) pairs; ids must be unique across all of them, and
    /// every fact path an expression reads must exist in the facts (FactSchema).
    public static func load(_ sources: [(file: String, text: String)], checkPaths: Bool = true) throws(RuleFileError) -> [Rule] {
        var rules: [Rule] = []
        var seen: [String: SourceLocation] = [:]
        for (file, text) in sources {
            for rule in try parse(text, file: file) {
                if checkPaths { try checkFactPaths(rule) }
                if let first = seen[rule.id] {
                    throw RuleFileError(location: rule.location, ruleID: rule.id, message: "duplicate rule id (first defined at \(first))")
                }
                seen[rule.id] = rule.location
                rules.append(rule)
            }
        }
        return rules
    }

    /// A rule that reads a fact the facts do not have is an error (a typo would otherwise
    /// make the rule `error` on every domain, or never apply).
    static func checkFactPaths(_ rule: Rule) throws(RuleFileError) {
        let known = FactPaths.facts
        if let scope = rule.scope, !known.paths.contains(scope) {
            throw RuleFileError(location: rule.location, ruleID: rule.id, message: "scope: no fact '\(scope)' (see `mailaudit facts` for the fact names)")
        }
        for (key, expr) in rule.expressions {
            if let path = known.unknownPath(in: expr, scope: rule.scope, variable: rule.variable) {
                throw RuleFileError(location: rule.location, ruleID: rule.id, message: "\(key): no fact '\(path)' (see `mailaudit facts` for the fact names)")
            }
        }
        for path in rule.requires.flatMap(Rule.alternatives) {
            let parts = path.split(separator: ".").map(String.init)
            let full = (rule.scope != nil && parts.first == rule.variable) ? rule.scope!.split(separator: ".").map(String.init) + parts.dropFirst() : parts
            if !known.paths.contains(full.joined(separator: ".")) {
                throw RuleFileError(location: rule.location, ruleID: rule.id, message: "requires: no fact '\(path)'")
            }
        }
    }

    public static func parse(_ text: String, file: String) throws(RuleFileError) -> [Rule] {
        func error(_ node: Node?, _ id: String?, _ message: String) -> RuleFileError {
            RuleFileError(location: SourceLocation(file: file, line: node?.mark?.line ?? 1), ruleID: id, message: message)
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw error(nil, nil, "the file is empty") }
            root = node
        } catch let failure as RuleFileError {
            throw failure
        } catch let yaml as YamlError {
            throw RuleFileError(location: SourceLocation(file: file, line: Self.line(of: yaml)), ruleID: nil, message: "not valid YAML: \(yaml)")
        } catch {
            throw RuleFileError(location: SourceLocation(file: file, line: 1), ruleID: nil, message: "not valid YAML: \(error)")
        }
        guard let top = root.mapping else { throw error(root, nil, "a rule file is a mapping with 'area' and 'rules'") }
        for key in top.keys where !["area", "rules", "evidence", "scopeEvidence"].contains(key.string ?? "") {
            throw error(key, nil, "unknown key '\(key.string ?? "?")' (expected area, evidence, scopeEvidence, rules)")
        }
        func templates(_ node: Node?, _ id: String?, _ key: String) throws(RuleFileError) -> [MessageTemplate]? {
            guard let node else { return nil }
            guard let items = node.sequence?.compactMap(\.string), items.count == node.sequence?.count else {
                throw error(node, id, "'\(key)' must be a list of text with {{ expression }} parts")
            }
            var result: [MessageTemplate] = []
            for item in items {
                do { result.append(try MessageTemplate(item)) } catch let syntax { throw error(node, id, "\(key): \(syntax)") }
            }
            return result
        }
        let fileEvidence = try templates(top["evidence"], nil, "evidence") ?? []
        let fileScopeEvidence = try templates(top["scopeEvidence"], nil, "scopeEvidence") ?? []
        guard let area = top["area"]?.string else { throw error(root, nil, "'area' is missing") }
        guard let list = top["rules"]?.sequence else { throw error(root, nil, "'rules' must be a list") }
        var rules: [Rule] = []
        for node in list {
            guard let mapping = node.mapping else { throw error(node, nil, "each rule is a mapping") }
            let id = mapping["id"]?.string
            guard let id, !id.isEmpty else { throw error(node, nil, "a rule has no 'id'") }
            for key in mapping.keys where !ruleKeys.contains(key.string ?? "") {
                throw error(key, id, "unknown key '\(key.string ?? "?")' (expected \(ruleKeys.sorted().joined(separator: ", ")))")
            }
            func string(_ key: String, required: Bool = true) throws(RuleFileError) -> String? {
                guard let value = mapping[key] else {
                    if required { throw error(node, id, "'\(key)' is missing") }
                    return nil
                }
                guard let text = value.string else { throw error(value, id, "'\(key)' must be text") }
                return text
            }
            func expression(_ key: String, required: Bool) throws(RuleFileError) -> CELExpr? {
                guard let text = try string(key, required: required) else { return nil }
                do {
                    return try CELParser.parse(text)
                } catch let syntax {
                    throw error(mapping[key], id, "\(key): \(syntax) in '\(text)'")
                }
            }
            func template(_ key: String, required: Bool) throws(RuleFileError) -> MessageTemplate? {
                guard let text = try string(key, required: required) else { return nil }
                do { return try MessageTemplate(text) } catch let syntax { throw error(mapping[key], id, "\(key): \(syntax)") }
            }
            let severityText = try string("severity")!
            guard let severity = Severity(rawValue: severityText) else {
                throw error(mapping["severity"], id, "severity '\(severityText)' is not one of info, warn, fail")
            }
            // Optional for a rule file of one's own (2 when absent); `rules test` asks for it.
            var impact: Int?
            if let impactNode = mapping["impact"] {
                guard let value = impactNode.int, (1...5).contains(value) else {
                    throw error(impactNode, id, "impact '\(impactNode.string ?? "?")' is not a whole number from 1 to 5")
                }
                impact = value
            }
            var refs: [String] = []
            if let node = mapping["refs"] {
                guard let items = node.sequence?.compactMap(\.string), items.count == node.sequence?.count else {
                    throw error(node, id, "'refs' must be a list of text")
                }
                refs = items
            }
            var requires: [String] = []
            if let node = mapping["requires"] {
                guard let items = node.sequence?.compactMap(\.string), items.count == node.sequence?.count else {
                    throw error(node, id, "'requires' must be a list of fact paths")
                }
                requires = items
            }
            // The rule's own numbers (read as parameters.NAME), which the outputs that show the
            // same judgement (Nagios' certificate thresholds, the HTML timeline) take from it.
            var parameters: [String: CELValue] = [:]
            if let node = mapping["parameters"] {
                guard let items = node.mapping else { throw error(node, id, "'parameters' maps names (read as parameters.NAME) to values") }
                for (key, value) in items {
                    guard let name = key.string, !name.isEmpty else { throw error(key, id, "a parameter needs a name") }
                    parameters[name] = RuleFileLoader.value(value)
                }
            }
            var supersedes: [String] = []
            if let node = mapping["supersedes"] {
                guard let items = node.sequence?.compactMap(\.string), items.count == node.sequence?.count else {
                    throw error(node, id, "'supersedes' must be a list of rule ids")
                }
                supersedes = items
            }
            var blocks: [String] = []
            if let node = mapping["blocks"] {
                guard let items = node.sequence?.compactMap(\.string), items.count == node.sequence?.count else {
                    throw error(node, id, "'blocks' must be a list of rule id patterns")
                }
                blocks = items
            }
            var cannotJudge: [Rule.CannotJudge] = []
            if let node = mapping["cannotJudge"] {
                guard let items = node.sequence else { throw error(node, id, "'cannotJudge' must be a list of entries with 'if', 'message' and 'fix'") }
                for item in items {
                    guard let entry = item.mapping else { throw error(item, id, "cannotJudge: each entry is a mapping with 'if', 'message' and 'fix'") }
                    for key in entry.keys where !["if", "message", "fix"].contains(key.string ?? "") {
                        throw error(key, id, "cannotJudge: unknown key '\(key.string ?? "?")' (expected if, message, fix)")
                    }
                    guard let condition = entry["if"]?.string else { throw error(item, id, "cannotJudge: 'if' (a CEL condition) is missing") }
                    guard let message = entry["message"]?.string else { throw error(item, id, "cannotJudge: 'message' is missing") }
                    do {
                        cannotJudge.append(Rule.CannotJudge(condition: try CELParser.parse(condition), message: try MessageTemplate(message),
                                                            fix: try entry["fix"]?.string.map { try MessageTemplate($0) }))
                    } catch let syntax {
                        throw error(item, id, "cannotJudge: \(syntax)")
                    }
                }
            }
            var notTested: [Rule.NotTested] = []
            if let node = mapping["notTested"] {
                guard let items = node.sequence else { throw error(node, id, "'notTested' must be a list of entries with 'if' and 'message'") }
                for item in items {
                    guard let entry = item.mapping else { throw error(item, id, "notTested: each entry is a mapping with 'if' and 'message'") }
                    for key in entry.keys where !["if", "message", "beforeCheck"].contains(key.string ?? "") {
                        throw error(key, id, "notTested: unknown key '\(key.string ?? "?")' (expected if, message, beforeCheck)")
                    }
                    guard let condition = entry["if"]?.string else { throw error(item, id, "notTested: 'if' (a CEL condition) is missing") }
                    guard let message = entry["message"]?.string else { throw error(item, id, "notTested: 'message' (what was not tested, and how to test it) is missing") }
                    do {
                        notTested.append(Rule.NotTested(condition: try CELParser.parse(condition), message: try MessageTemplate(message),
                                                        beforeCheck: entry["beforeCheck"]?.bool ?? false))
                    } catch let syntax {
                        throw error(item, id, "notTested: \(syntax)")
                    }
                }
            }
            let scope = try string("scope", required: false)
            let evidence = try templates(mapping["evidence"], id, "evidence") ?? (scope == nil ? fileEvidence : fileScopeEvidence)
            var examples: [RuleExample] = []
            if let node = mapping["examples"] {
                guard let kinds = node.mapping else { throw error(node, id, "'examples' must have 'pass' and 'fail' (or 'error') lists") }
                for (key, value) in kinds {
                    guard let kind = key.string.flatMap(RuleExample.Expectation.init(rawValue:)) else {
                        throw error(key, id, "examples: '\(key.string ?? "?")' is not pass, fail, error or notTested")
                    }
                    guard let items = value.sequence else { throw error(value, id, "examples: \(kind.rawValue) must be a list of facts") }
                    for item in items {
                        examples.append(RuleExample(expectation: kind, facts: Self.value(item),
                                                    location: SourceLocation(file: file, line: item.mark?.line ?? 0)))
                    }
                }
            }
            rules.append(Rule(
                id: id, title: try string("title")!, passTitle: try string("passTitle", required: false), errorTitle: try string("errorTitle", required: false), severity: severity, impact: impact ?? 2, impactGiven: impact != nil, area: area,
                scope: try string("scope", required: false), variable: try string("as", required: false) ?? "item",
                when: try expression("when", required: false), check: try expression("check", required: true)!,
                requires: requires, cannotJudge: cannotJudge, notTested: notTested, message: try template("message", required: true)!, fix: try template("fix", required: false),
                refs: refs, supersedes: supersedes, blocks: blocks, evidence: evidence, rootCause: mapping["rootCause"]?.bool ?? false, parameters: parameters, examples: examples, location: SourceLocation(file: file, line: node.mark?.line ?? 0)))
        }
        return rules
    }

    /// A YAML node as a CEL value (for example facts): mappings become maps with string keys.
    static func value(_ node: Node) -> CELValue {
        switch node {
        case .scalar(let scalar):
            // Quoted scalars are text; plain ones may be null, a bool or a number.
            if scalar.style != .plain { return .string(scalar.string) }
            if node.null != nil { return .null }
            if let value = node.bool { return .bool(value) }
            if let value = node.int { return .int(Int64(value)) }
            if let value = node.float { return .double(value) }
            return .string(scalar.string)
        case .sequence(let sequence): return .list(sequence.map(value))
        case .mapping(let mapping):
            return .map(mapping.map { CELMapEntry(key: .string($0.key.string ?? ""), value: value($0.value)) })
        case .alias: return .null
        }
    }

    private static func line(of error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return 1
        }
    }
}
