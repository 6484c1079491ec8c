import RuleEngine

/// One finding that differs between two runs, keyed by rule id and subject (a reworded
/// message is not a change).
public struct FindingChange: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        /// A problem now that was not one before.
        case new
        /// A problem before that is not one now.
        case resolved
        /// A problem both times, with another outcome (warn → fail).
        case changed
        /// The same problem both times, for `--remind-after` days or a multiple of them:
        /// news again, so that a chronic failure is not reported once and then never again.
        case reminder
    }

    public var kind: Kind
    public var ruleID: String
    public var subject: String
    /// The rule's title as of the later run (or the earlier one for a resolved finding).
    public var title: String
    public var from: FindingState
    public var to: FindingState
    /// The later run's message (the earlier one's for a resolved finding).
    public var message: String
    /// For a reminder: since when the problem has been the same.
    public var since: String?

    /// New, or changed for the worse: what `--fail-on new` alerts on. A problem seen after a
    /// night of `error` (the rule could not judge) is news too: what it was before is not known.
    public var isNews: Bool { kind == .new || kind == .reminder || (kind == .changed && (to > from || from == .error)) }

    public init(kind: Kind, ruleID: String, subject: String, title: String, from: FindingState, to: FindingState, message: String) {
        self.kind = kind
        self.ruleID = ruleID
        self.subject = subject
        self.title = title
        self.from = from
        self.to = to
        self.message = message
    }
}
