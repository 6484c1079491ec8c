/// What was wrong with the run's list of domains (`--domains-file`): lines that could not
/// be used, and domains named more than once. The good lines are audited; each bad line is
/// named in the report (every format) and makes the run's status at least UNKNOWN (3).
public struct RunInput: Codable, Sendable, Equatable {
    /// `file:line: why`, one per line that could not be used.
    public var errors: [String]
    /// `file:line: NAME is DOMAIN again (line N): audited once`.
    public var duplicates: [String]
    /// Domains the run before had and this one does not (`history show`): taken off the list,
    /// or lost; said, so that a domain does not leave the monitoring in silence.
    public var dropped: [String]?
    /// The run they were in.
    public var droppedSince: Int64?
    /// Other things a reader of the report must know about the run (`history show` of a run
    /// that did not finish).
    public var notes: [String]?

    public init(errors: [String], duplicates: [String], dropped: [String]? = nil, droppedSince: Int64? = nil, notes: [String]? = nil) {
        self.errors = errors
        self.duplicates = duplicates
        self.dropped = dropped
        self.droppedSince = droppedSince
        self.notes = notes
    }

    /// Nil when there is nothing to say.
    /// Only what is wrong (for `--quiet`, which mails news: a repeated domain is said once a
    /// run otherwise, every night).
    public var errorsOnly: RunInput? {
        errors.isEmpty && (notes ?? []).isEmpty ? nil : RunInput(errors: errors, duplicates: [], notes: notes)
    }

    public static func make(errors: [String], duplicates: [String]) -> RunInput? {
        errors.isEmpty && duplicates.isEmpty ? nil : RunInput(errors: errors, duplicates: duplicates)
    }

    /// The report's lines about it, for people.
    public var lines: [String] {
        var lines: [String] = notes ?? []
        if !errors.isEmpty {
            lines.append("\(errors.count) line\(errors.count == 1 ? "" : "s") of the domains list could not be used, so not audited:")
            lines += errors.map { "  " + $0 }
        }
        if let dropped, !dropped.isEmpty {
            lines.append("\(dropped.count) domain\(dropped.count == 1 ? "" : "s") of run \(droppedSince.map(String.init) ?? "before") \(dropped.count == 1 ? "is" : "are") not in this run (taken off the list?): "
                         + dropped.joined(separator: ", "))
        }
        if !duplicates.isEmpty {
            lines.append("\(duplicates.count) domain\(duplicates.count == 1 ? "" : "s") named again (audited once):")
            lines += duplicates.map { "  " + $0 }
        }
        return lines
    }
}
