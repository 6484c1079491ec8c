import ArgumentParser
import Foundation
import History

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
