extension Finding {
    /// How a finding counts, decided here once for the summary, the exit status, drift and
    /// every renderer: a finding that repeats another's cause (superseded by it, or not judged
    /// because of a root cause) does not count at all, whatever else it is; a waived one counts
    /// as waived; every other counts with its outcome.
    public enum Standing: Sendable, Equatable {
        case counted, waived, superseded, blocked
    }

    public var standing: Standing {
        if supersededBy != nil { return .superseded }
        if blockedBy != nil { return .blocked }
        if waiver != nil { return .waived }
        return .counted
    }

    /// Counted with its outcome: not a repeat of another cause, not waived.
    public var isCounted: Bool { standing == .counted }

    /// It repeats another finding's cause (superseded, or not judged because of a root cause).
    public var repeatsAnotherCause: Bool { standing == .superseded || standing == .blocked }
}
