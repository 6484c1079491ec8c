/// Runs every rule's examples (a rule documents and tests itself, as SwiftLint's rules do; docs/extending.md): each `pass`
/// example must give pass (n/a does not count: it would not test the check), each `fail`
/// example the rule's severity outcome, each `error` example `error`. A rule without both a
/// pass and a fail example, or without a reference, is itself a failure; a rule that only
/// reports inputs it cannot judge (`check: "true"` with `requires` or `cannotJudge`) has
/// error examples instead of fail.
public enum RuleExamples {
    public struct Failure: Sendable, CustomStringConvertible {
        public var ruleID: String
        public var location: SourceLocation
        public var message: String
        public var description: String { "\(location): rule \(ruleID): \(message)" }
    }

    public struct Report: Sendable {
        public var rules: Int
        public var examples: Int
        /// Examples that did not give the expected outcome, or whose message or fix could not
        /// be rendered.
        public var failedExamples: Int
        /// Every problem: failed examples, and rules missing examples or references.
        public var failures: [Failure]
    }

    public static func run(_ rules: [Rule]) -> Report {
        var failures: [Failure] = []
        var count = 0, failed = 0
        let judge = RuleJudge(rules: rules)
        for rule in rules {
            let kinds = Set(rule.examples.map(\.expectation))
            // A rule whose input cannot be measured yet (`notTested: if: "true"`) cannot pass.
            let cannotPassYet = rule.notTested.contains { $0.condition == .literal(.bool(true)) }
            if !kinds.contains(.pass) && !cannotPassYet { failures.append(Failure(ruleID: rule.id, location: rule.location, message: "has no pass example")) }
            // A rule whose check always holds reports only inputs it cannot judge (error examples)
            // or inputs not measured (notTested examples, asked for below).
            let checkAlwaysHolds = rule.check == .literal(.bool(true))
            let onlyInputs = checkAlwaysHolds && (!rule.requires.isEmpty || !rule.cannotJudge.isEmpty)
            if onlyInputs && !kinds.contains(.error) {
                failures.append(Failure(ruleID: rule.id, location: rule.location, message: "has no error example"))
            } else if !checkAlwaysHolds && !kinds.contains(.fail) {
                failures.append(Failure(ruleID: rule.id, location: rule.location, message: "has no fail example"))
            } else if checkAlwaysHolds && !onlyInputs && rule.notTested.isEmpty {
                failures.append(Failure(ruleID: rule.id, location: rule.location, message: "its check always holds: it judges nothing"))
            }
            if rule.refs.isEmpty { failures.append(Failure(ruleID: rule.id, location: rule.location, message: "has no reference (refs)")) }
            if !rule.notTested.isEmpty && !kinds.contains(.notTested) {
                failures.append(Failure(ruleID: rule.id, location: rule.location, message: "has notTested but no notTested example"))
            }
            if !rule.impactGiven { failures.append(Failure(ruleID: rule.id, location: rule.location, message: "has no impact (1 to 5: what the problem costs)")) }
            if rule.passTitle == nil { failures.append(Failure(ruleID: rule.id, location: rule.location, message: "has no passTitle (what holds when it passes)")) }
            for example in rule.examples {
                count += 1
                let findings = judge.judge(rule, example.facts, subject: "example")
                let outcomes = findings.map(\.outcome)
                let ok: Bool
                switch example.expectation {
                case .pass: ok = !outcomes.isEmpty && outcomes.allSatisfy { $0 == .pass }
                case .fail: ok = outcomes.contains(where: { $0.rawValue == rule.severity.rawValue })
                case .error: ok = outcomes.contains(.error)
                case .notTested: ok = findings.contains { $0.notTested == true && $0.outcome == .notApplicable }
                }
                if !ok {
                    let detail = findings.map { "\($0.subject): \($0.outcome.rawValue)\($0.message.isEmpty ? "" : " (\($0.message))")" }
                    failures.append(Failure(ruleID: rule.id, location: example.location,
                                            message: "\(example.expectation.rawValue) example gave \(detail.isEmpty ? "no finding" : detail.joined(separator: "; "))"))
                    failed += 1
                    continue
                }
                // A fail example's message and fix must read as prose: every part computed.
                if example.expectation == .fail || example.expectation == .notTested
                    || (example.expectation == .error && !rule.cannotJudge.isEmpty) {
                    let problems = judge.renderProblems(rule, example.facts)
                    if !problems.isEmpty {
                        failures.append(Failure(ruleID: rule.id, location: example.location,
                                                message: "\(example.expectation.rawValue) example: \(problems.joined(separator: "; "))"))
                        failed += 1
                    }
                }
            }
        }
        return Report(rules: rules.count, examples: count, failedExamples: failed, failures: failures)
    }
}
