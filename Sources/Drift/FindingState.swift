import RuleEngine

/// What a finding amounts to when two runs are compared: a problem (info, warn, fail,
/// error), or not one (pass, n/a, waived, superseded by another finding, not judged because
/// of a root cause). Superseded and blocked findings repeat another finding's cause, so
/// they are not compared on their own.
public enum FindingState: String, Codable, Sendable, Comparable {
    case absent, notApplicable = "n/a", pass, waived, info, warn, error, fail

    public init(_ finding: Finding?) {
        guard let finding else { self = .absent; return }
        switch finding.standing {
        case .superseded, .blocked: self = .notApplicable; return
        case .waived: self = .waived; return
        case .counted: break
        }
        switch finding.outcome {
        case .pass: self = .pass
        case .notApplicable: self = .notApplicable
        case .info: self = .info
        case .warn: self = .warn
        case .error: self = .error
        case .fail: self = .fail
        }
    }

    public var isProblem: Bool { self >= .info }

    /// Worse means a higher exit status would follow: info < warn < error < fail for the
    /// order of a report; for "got worse", fail counts above error (a verdict over a lookup
    /// that failed).
    var rank: Int {
        switch self {
        case .absent: 0
        case .notApplicable: 1
        case .pass: 2
        case .waived: 3
        case .info: 4
        case .warn: 5
        case .error: 6
        case .fail: 7
        }
    }

    public static func < (a: FindingState, b: FindingState) -> Bool { a.rank < b.rank }
}
