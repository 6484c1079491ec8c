import RuleEngine

/// How much of each finding a JSON report carries. `full`: every finding with everything,
/// including what the rule itself says (title, area, fix, references). `compact` (JSON Lines
/// by default, the bulk format: 2.5 to 4.5 KB a domain): only the findings that did not pass
/// (info, warn, fail, error, and the checks that were not tested; passes and other `n/a` are
/// counted in the summary), each with what
/// this audit concluded: rule id, outcome, severity (a profile may change it), subject when
/// it is not the domain, message, evidence, fix, waiver, not tested, since when a problem
/// has been the same (drift) and the links between findings. The
/// rest is the rule's: `mailaudit rules list --format json` lists it, and `mailaudit report`
/// puts title, area and references back. `--facts full` gives full records.
public enum FindingsDetail: String, Sendable, CaseIterable {
    case full, compact

    /// The encoder's user-info key that carries it.
    public static let key = CodingUserInfoKey(rawValue: "mailaudit.findingsDetail")!
}
