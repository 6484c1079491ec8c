/// What was wrong with the run's list of domains (`--domains-file`): lines that could not
/// be used, and domains named more than once. The good lines are audited; each bad line is
/// named in the report (every format) and makes the run's status at least UNKNOWN (3).
public struct RunInput: Codable, Sendable, Equatable {
    /// `file:line: why`, one per line that could not be used.
    public var errors: [String]
    /// `file:line: NAME is DOMAIN again (line N): audited once`.
    public var duplicates: [String]

    public init(errors: [String], duplicates: [String]) {
        self.errors = errors
        self.duplicates = duplicates
    }

    /// Nil when there is nothing to say.
    public static func make(errors: [String], duplicates: [String]) -> RunInput? {
        errors.isEmpty && duplicates.isEmpty ? nil : RunInput(errors: errors, duplicates: duplicates)
    }

    /// The report's lines about it, for people.
    public var lines: [String] {
        var lines: [String] = []
        if !errors.isEmpty {
            lines.append("\(errors.count) line\(errors.count == 1 ? "" : "s") of the domains list could not be used, so not audited:")
            lines += errors.map { "  " + $0 }
        }
        if !duplicates.isEmpty {
            lines.append("\(duplicates.count) domain\(duplicates.count == 1 ? "" : "s") named again (audited once):")
            lines += duplicates.map { "  " + $0 }
        }
        return lines
    }
}
