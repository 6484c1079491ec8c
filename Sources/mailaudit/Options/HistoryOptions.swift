import ArgumentParser
import Foundation
import History

/// Where the run history is (`--history`, or MAILAUDIT_HISTORY); shared by `audit`,
/// `history` and `diff`.
struct HistoryLocationOption: ParsableArguments {
    @Option(name: .customLong("history"), help: ArgumentHelp(
        "The run history: a SQLite file, or postgres://USER@HOST:PORT/DATABASE (default: $MAILAUDIT_HISTORY).", valueName: "file|url"))
    var history: String?

    /// The location given, or the environment's, or nil.
    var location: String? {
        history ?? ProcessInfo.processInfo.environment["MAILAUDIT_HISTORY"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The history, open; for commands that cannot work without one.
    func openRequired() async throws -> RunHistory {
        guard let location else { throw UserError("no history given: use --history FILE|URL or set MAILAUDIT_HISTORY") }
        do {
            return try await RunHistory.open(HistoryLocation(location))
        } catch {
            throw UserError(error.description)
        }
    }
}

/// What `audit` compares with and how it alerts.
struct DriftOptions: ParsableArguments {
    @Option(name: .customLong("baseline"), help: ArgumentHelp(
        "A JSON report saved earlier (audit --format json): report what changed since then, without a history.", valueName: "file"))
    var baseline: String?

    @Flag(help: "Print nothing when nothing changed and nothing new fails (for cron, which mails any output); when something did, only the domains that changed. --output still gets the whole report.")
    var quiet = false

    @Option(name: .customLong("remind-after"), help: ArgumentHelp(
        "With a history or --baseline: a problem unchanged for this many days is news again (for --quiet and --fail-on new), and again every as many days after.",
        valueName: "days"))
    var remindAfter: Int?

    func validate() throws {
        if let remindAfter, remindAfter < 1 { throw ValidationError("--remind-after \(remindAfter): must be at least 1 day") }
    }
}
