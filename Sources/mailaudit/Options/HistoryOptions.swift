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
