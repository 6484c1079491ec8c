import Foundation
import MailFacts

/// Turns facts into findings with rules: a pure function of the facts (no I/O).
public struct RuleJudge: Sendable {
    public let rules: [Rule]
    /// Each rule's `requires`, split once: per entry its alternatives, each a path and its
    /// parts (judging splits nothing per domain).
    private let requirements: [String: [[RequiredPath]]]

    struct RequiredPath: Sendable {
        let path: String
        let parts: [String]
    }

    public init(rules: [Rule]) {
        self.rules = rules
        var requirements: [String: [[RequiredPath]]] = [:]
        for rule in rules {
            requirements[rule.id] = rule.requires.map { entry in
                Rule.alternatives(entry).map { RequiredPath(path: $0, parts: $0.split(separator: ".").map(String.init)) }
            }
        }
        self.requirements = requirements
    }

    /// Every rule over the facts (a FactSet as a CEL map), with `subject` naming the domain.
    /// A profile's waivers apply before superseding: a waived finding does not hide the
    /// findings it would supersede.
    public func judge(_ facts: CELValue, subject: String, waivers profile: Profile? = nil, today: Date = Date()) -> [Finding] {
        var variables = Self.variables(facts)
        if let profile, !profile.settings.isEmpty, variables["settings"] == .map([]) {
            variables["settings"] = Self.map(profile.settings)
        }
        var findings = Self.markBlocked(rules.flatMap { judge($0, variables, subject: subject) }, rules: rules)
        if let profile { findings = profile.waive(findings, today: today) }
        return Self.markSuperseded(findings, rules: rules)
    }

    /// A finding read from a compact record (rule id, outcome, message, but not the rule's
    /// own text) with its title, area and references put back from the rule; one whose rule
    /// is not among these stays as it is.
    public func completing(_ finding: Finding) -> Finding {
        guard let rule = rules.first(where: { $0.id == finding.ruleID }) else { return finding }
        var complete = finding
        complete.title = rule.title
        if finding.outcome == .error { complete.title = rule.couldNotCheckTitle }
        if finding.notTested == true { complete.title = rule.notTestedTitle }
        complete.area = rule.area
        complete.refs = rule.refs
        complete.impact = rule.impact
        return complete
    }

    /// A root-cause finding (a rule with `blocks` that does not pass, or that could not judge
    /// because its own input failed) leaves the findings of the rules it blocks not judged:
    /// n/a, saying why, with no repair advice. A domain whose MX lookup fails is one error.
    static func markBlocked(_ findings: [Finding], rules: [Rule]) -> [Finding] {
        let blocking = Dictionary(rules.filter { !$0.blocks.isEmpty }.map { ($0.id, $0.blocks) }, uniquingKeysWith: { a, _ in a })
        guard !blocking.isEmpty else { return findings }
        let causes = findings.filter { [.info, .warn, .fail, .error].contains($0.outcome) && blocking[$0.ruleID] != nil }
        guard !causes.isEmpty else { return findings }
        return findings.map { finding in
            // A rule that did not apply anyway stays n/a: it was not kept from anything.
            guard finding.outcome != .notApplicable, let cause = causes.first(where: { cause in
                cause.ruleID != finding.ruleID && blocking[cause.ruleID]!.contains { Profile.matches($0, finding.ruleID) }
            }) else { return finding }
            var blocked = finding
            blocked.outcome = .notApplicable
            blocked.message = cause.outcome == .error
                ? "not judged: \(cause.message.replacingOccurrences(of: "cannot judge: ", with: ""))"
                : "not judged: \(cause.title.prefix(1).lowercased() + cause.title.dropFirst())"
            blocked.fix = nil
            blocked.blockedBy = cause.ruleID
            return blocked
        }
    }

    /// A finding that does not pass (info, warn, fail) supersedes the non-passing findings of
    /// the rules it names for the same subject: one cause, one finding.
    static func markSuperseded(_ findings: [Finding], rules: [Rule]) -> [Finding] {
        let supersedes = Dictionary(rules.filter { !$0.supersedes.isEmpty }.map { ($0.id, Set($0.supersedes)) }, uniquingKeysWith: { a, _ in a })
        guard !supersedes.isEmpty else { return findings }
        var by: [String: String] = [:]  // "rule id\0subject" -> superseding rule id
        for finding in findings where [.info, .warn, .fail].contains(finding.outcome) && finding.waiver == nil {
            for id in supersedes[finding.ruleID] ?? [] where by[id + "\0" + finding.subject] == nil {
                by[id + "\0" + finding.subject] = finding.ruleID
            }
        }
        guard !by.isEmpty else { return findings }
        return findings.map { finding in
            var finding = finding
            if [.info, .warn, .fail].contains(finding.outcome), let superseding = by[finding.ruleID + "\0" + finding.subject] {
                finding.supersededBy = superseding
            }
            return finding
        }
    }

    public func judge(_ rule: Rule, _ facts: CELValue, subject: String) -> [Finding] {
        judge(rule, Self.variables(facts), subject: subject)
    }

    /// What cannot be computed in the rule's message and fix over `facts` (for each element
    /// of its scope), as "message: <why>"; empty when both render.
    /// Named values (a profile's settings, a rule's parameters) as a CEL map, in name order.
    static func map(_ values: [String: CELValue]) -> CELValue {
        .map(values.sorted { $0.key < $1.key }.map { CELMapEntry(key: .string($0.key), value: $0.value) })
    }

    func renderProblems(_ rule: Rule, _ facts: CELValue) -> [String] {
        var variables = Self.variables(facts)
        // The rule's parameters, as `evaluate` gives them.
        if !rule.parameters.isEmpty { variables["parameters"] = Self.map(rule.parameters) }
        var sets: [[String: CELValue]] = [variables]
        if let scope = rule.scope, case .list(let items)? = Self.value(at: scope, in: variables) {
            sets = items.map { item in
                var scoped = variables
                scoped[rule.variable] = item
                return scoped
            }
        }
        var problems: [String] = []
        for variables in sets {
            // A question these facts cannot answer (beforeCheck) shows only its own message.
            if let entry = rule.notTested.first(where: { entry in
                guard entry.beforeCheck, case .success(.bool(true)) = CELEvaluator().evaluate(entry.condition, variables) else { return false }
                return true
            }) {
                problems += entry.message.renderChecked(variables).problems.map { "notTested message: \($0)" }
                continue
            }
            // The texts that would be shown: a cannotJudge entry's when one applies, else the rule's.
            if let entry = rule.cannotJudge.first(where: { entry in
                if case .success(.bool(true)) = CELEvaluator().evaluate(entry.condition, variables) { return true }
                return false
            }) {
                problems += entry.message.renderChecked(variables).problems.map { "cannotJudge message: \($0)" }
                if let fix = entry.fix { problems += fix.renderChecked(variables).problems.map { "cannotJudge fix: \($0)" } }
                continue
            }
            // A pass that was not all tested shows its notTested message instead.
            let passes: Bool
            if case .success(.bool(true)) = CELEvaluator().evaluate(rule.check, variables) { passes = true } else { passes = false }
            if passes, let entry = rule.notTested.first(where: { entry in
                if !entry.beforeCheck, case .success(.bool(true)) = CELEvaluator().evaluate(entry.condition, variables) { return true }
                return false
            }) {
                problems += entry.message.renderChecked(variables).problems.map { "notTested message: \($0)" }
                continue
            }
            problems += rule.message.renderChecked(variables).problems.map { "message: \($0)" }
            if let fix = rule.fix { problems += fix.renderChecked(variables).problems.map { "fix: \($0)" } }
        }
        return problems
    }

    /// Each top-level fact is a variable; `facts` is the whole set, for has(facts.dnssec).
    /// `settings` is the profile's (`judge(_:subject:waivers:)`), empty unless the facts carry
    /// one (a rule's examples).
    static func variables(_ facts: CELValue) -> [String: CELValue] {
        var variables: [String: CELValue] = ["facts": facts, "settings": .map([]), "parameters": .map([])]
        if case .map(let entries) = facts {
            for entry in entries { if case .string(let key) = entry.key { variables[key] = entry.value } }
        }
        return variables
    }

    private func judge(_ rule: Rule, _ variables: [String: CELValue], subject: String) -> [Finding] {
        guard let scope = rule.scope else {
            return [finding(rule, variables, subject: subject)]
        }
        switch Self.value(at: scope, in: variables) {
        case .list(let items)?:
            return items.enumerated().map { index, item in
                var scoped = variables
                scoped[rule.variable] = item
                let name = Self.endpointName(item) ?? Self.elementName(item) ?? "\(scope)[\(index)]"
                return finding(rule, scoped, subject: name)
            }
        case nil, .null?:
            return []  // nothing to judge element by element
        default:
            return [Finding(ruleID: rule.id, title: rule.title, area: rule.area, outcome: .error, severity: rule.severity,
                            subject: subject, message: "scope \(scope) is not a list in the facts", fix: nil, refs: rule.refs)]
        }
    }

    /// The finding of one rule for one subject. A rule that could not judge is titled by what
    /// it would have checked ("Could not check whether the domain exists"), not by the problem it looks for.
    private func finding(_ rule: Rule, _ variables: [String: CELValue], subject: String) -> Finding {
        var result = evaluate(rule, variables, subject: subject)
        if rule.rootCause, result.outcome != .pass, result.outcome != .notApplicable { result.rootCause = true }
        if result.outcome == .error { result.title = rule.couldNotCheckTitle }
        return result
    }

    private func evaluate(_ rule: Rule, _ variables: [String: CELValue], subject: String) -> Finding {
        var variables = variables
        if !rule.parameters.isEmpty { variables["parameters"] = Self.map(rule.parameters) }
        var result = Finding(ruleID: rule.id, title: rule.title, area: rule.area, outcome: .pass, severity: rule.severity,
                             subject: subject, message: "", fix: nil, refs: rule.refs)
        result.impact = rule.impact
        let evaluator = CELEvaluator()
        // A question these facts cannot answer at all (`beforeCheck`), before inputs and check.
        for entry in rule.notTested where entry.beforeCheck {
            guard case .success(.bool(true)) = evaluator.evaluate(entry.condition, variables) else { continue }
            result.outcome = .notApplicable
            result.notTested = true
            result.title = rule.notTestedTitle
            result.message = Finding.notTestedMessagePrefix + entry.message.render(variables)
            return result
        }
        // An input that failed makes the rule `error`: "lookup failed" is not "record missing".
        // An input that was never collected is an error too, unless the rule does not apply
        // (`when` is false): a policy that was never fetched because there is no record.
        let entries = requirements[rule.id] ?? rule.requires.map { entry in
            Rule.alternatives(entry).map { RequiredPath(path: $0, parts: $0.split(separator: ".").map(String.init)) }
        }
        for paths in entries {
            // `a | b`: the rule can judge when any one of them did not fail.
            let problems = paths.map { Self.failure(at: $0.path, parts: $0.parts, in: variables) }
            if problems.contains(where: { $0 == nil }) { continue }
            if let problem = problems.first ?? nil {
                if paths.allSatisfy({ !Self.collected(parts: $0.parts, in: variables) }), let when = rule.when,
                   case .success(.bool(false)) = evaluator.evaluate(when, variables) {
                    result.outcome = .notApplicable
                    return result
                }
                result.outcome = .error
                result.message = "cannot judge: \(problem)"
                return result
            }
        }
        if let when = rule.when {
            switch evaluator.evaluate(when, variables) {
            case .success(.bool(false)):
                result.outcome = .notApplicable
                return result
            case .success(.bool(true)): break
            case .success(let other):
                result.outcome = .error
                result.message = "when: gives \(other.typeName), not bool"
                return result
            case .failure(let error):
                result.outcome = .error
                result.message = Self.explain(error.message, in: "when")
                return result
            }
        }
        for entry in rule.cannotJudge {
            switch evaluator.evaluate(entry.condition, variables) {
            case .success(.bool(false)): continue
            case .success(.bool(true)):
                result.outcome = .error
                result.message = entry.message.render(variables)
                result.fix = entry.fix?.render(variables)
                result.evidence = evidence(rule, variables)
                return result
            case .success(let other):
                result.outcome = .error
                result.message = "cannotJudge: gives \(other.typeName), not bool"
                return result
            case .failure(let error):
                result.outcome = .error
                result.message = Self.explain(error.message, in: "cannotJudge")
                return result
            }
        }
        switch evaluator.evaluate(rule.check, variables) {
        case .success(.bool(true)):
            // A pass only on what was measured: when part of the input was not, n/a "not tested".
            for entry in rule.notTested where !entry.beforeCheck {
                switch evaluator.evaluate(entry.condition, variables) {
                case .success(.bool(false)): continue
                case .success(.bool(true)):
                    result.outcome = .notApplicable
                    result.notTested = true
                    // Titled by the question left open, not by the problem the rule looks for.
                    result.title = rule.notTestedTitle
                    result.message = Finding.notTestedMessagePrefix + entry.message.render(variables)
                    return result
                case .success(let other):
                    result.outcome = .error
                    result.message = "notTested: gives \(other.typeName), not bool"
                    return result
                case .failure(let error):
                    result.outcome = .error
                    result.message = Self.explain(error.message, in: "notTested")
                    return result
                }
            }
            result.outcome = .pass
            if let passTitle = rule.passTitle { result.title = passTitle }
        case .success(.bool(false)):
            switch rule.severity {
            case .info: result.outcome = .info
            case .warn: result.outcome = .warn
            case .fail: result.outcome = .fail
            }
            result.fix = rule.fix?.render(variables)
        case .success(let other):
            result.outcome = .error
            result.message = "check: gives \(other.typeName), not bool"
            return result
        case .failure(let error):
            result.outcome = .error
            result.message = Self.explain(error.message, in: "check")
            return result
        }
        // The message describes what is wrong: shown for info, warn and fail, not for pass,
        // with the values that were judged.
        if result.outcome != .pass {
            result.message = rule.message.render(variables)
            result.evidence = evidence(rule, variables)
        }
        return result
    }

    /// The rule's evidence lines over `variables`, nil when there are none. A line that cannot
    /// be computed, or that a template leaves empty, is left out.
    private func evidence(_ rule: Rule, _ variables: [String: CELValue]) -> [String]? {
        let lines = rule.evidence.map { $0.renderChecked(variables) }.filter(\.problems.isEmpty).map(\.text)
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        return lines.isEmpty ? nil : lines
    }

    /// An evaluation error as a finding's message. A missing field is the usual cause: the
    /// collector leaves a fact out when it could not determine it (a lookup behind it failed).
    static func explain(_ message: String, in part: String) -> String {
        if message.hasPrefix("no such key") {
            let key = message.split(separator: "'").dropFirst().first.map(String.init) ?? message
            return "cannot judge: '\(key)' is not in the facts (it could not be determined, usually because a lookup behind it failed; \(part): \(message))"
        }
        return "\(part): \(message)"
    }

    /// The value at a dotted fact path, nil when a step is missing.
    static func value(at path: String, in variables: [String: CELValue]) -> CELValue? {
        let parts = path.split(separator: ".").map(String.init)
        guard let first = parts.first, var current = variables[first] else { return nil }
        for part in parts.dropFirst() {
            guard let next = current.lookup(.string(part)) else { return nil }
            current = next
        }
        return current
    }

    /// What an element of a scope is called in its findings: the first of its `name`,
    /// `selector`, `uri` or `zone` (a DNS list) that it has.
    static func elementName(_ item: CELValue) -> String? {
        for key in ["name", "selector", "uri", "zone"] {
            if case .string(let text)? = item.lookup(.string(key)) { return text }
        }
        return nil
    }

    /// `mx.example.org [192.0.2.1]:25` for an SMTP endpoint.
    static func endpointName(_ item: CELValue) -> String? {
        guard case .string(let host)? = item.lookup(.string("host")), case .string(let address)? = item.lookup(.string("address")) else { return nil }
        var port = ""
        if case .int(let number)? = item.lookup(.string("port")) { port = ":\(number)" }
        return address.isEmpty ? host : "\(host) [\(address)]\(port)"
    }

    /// Why the input at `path` cannot be judged, by the one convention of the facts
    /// (`JudgedFailures`): an `outcome` (a lookup, a probe run) or a `status` (a record part)
    /// that says it could not be determined, or a record walk's one-string lookup that
    /// failed. Nil when it is usable.
    /// A list on the way is looked through, as in the fact paths: `exchange.addresses.ptr`
    /// requires the PTR lookup of every address (none when the list is empty).
    static func failure(at path: String, in variables: [String: CELValue]) -> String? {
        failure(at: path, parts: path.split(separator: ".").map(String.init), in: variables)
    }

    static func failure(at path: String, parts: [String], in variables: [String: CELValue]) -> String? {
        guard let first = parts.first, let root = variables[first],
              let values = values(at: parts.dropFirst(), in: root) else { return "\(words(path)) was not collected" }
        for value in values {
            if let problem = failure(of: value, path: path) { return problem }
        }
        return nil
    }

    /// Whether anything was collected at `path` (through lists).
    static func collected(_ path: String, in variables: [String: CELValue]) -> Bool {
        collected(parts: path.split(separator: ".").map(String.init), in: variables)
    }

    static func collected(parts: [String], in variables: [String: CELValue]) -> Bool {
        guard let first = parts.first, let root = variables[first] else { return false }
        return values(at: parts.dropFirst(), in: root).map { !$0.isEmpty } ?? false
    }

    /// The values at `parts` below `value`, through lists; nil when a part is missing.
    private static func values(at parts: ArraySlice<String>, in value: CELValue) -> [CELValue]? {
        guard let part = parts.first else { return [value] }
        if case .list(let items) = value {
            var found: [CELValue] = []
            for item in items {
                guard let below = values(at: parts, in: item) else { return nil }
                found += below
            }
            return found
        }
        guard let next = value.lookup(.string(part)) else { return nil }
        return values(at: parts.dropFirst(), in: next)
    }

    private static func failure(of value: CELValue, path: String) -> String? {
        if case .string(let outcome)? = value.lookup(.string("outcome")), JudgedFailures.outcomes.contains(outcome) {
            var detail = ""
            if case .string(let text)? = value.lookup(.string("detail")) { detail = ": \(text)" }
            if case .string(let name)? = value.lookup(.string("name")), case .string(let type)? = value.lookup(.string("type")) {
                return "the \(type) lookup of \(name) failed (\(outcome)\(detail))"
            }
            return "\(words(path)) could not be made (\(outcome)\(detail))"
        }
        if case .string(let text) = value, text.hasPrefix(JudgedFailures.failedLookupPrefix) {
            return "a lookup for \(words(path)) failed (\(text.dropFirst(JudgedFailures.failedLookupPrefix.count)))"
        }
        if case .string(let status)? = value.lookup(.string("status")), JudgedFailures.statuses.contains(status) {
            return "the lookup of \(words(path)) failed"
        }
        return nil
    }

    /// A fact path in words, for messages (no internal names in what users read).
    static func words(_ path: String) -> String {
        let known = ["spf": "the SPF record", "dmarc": "the DMARC record", "mtaSts": "the MTA-STS record", "tlsRpt": "the TLS-RPT record",
                     "bimi": "the BIMI record", "mx.lookup": "the MX lookup", "mtaStsPolicy.probe": "the MTA-STS policy fetch",
                     "dkim.domainKeyLookup": "the _domainkey lookup", "spf.tree.lookup": "the SPF record"]
        if let words = known[path] { return words }
        if path.hasSuffix(".probe") { return "the probe of this server" }
        return path
    }
}
