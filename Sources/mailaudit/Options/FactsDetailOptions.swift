import ArgumentParser
import Reports

/// `audit --facts full|summary|none` (also `--facts-detail`): how much of the facts a json,
/// jsonl or html report carries.
struct AuditFactsDetailOption: ParsableArguments {
    @Option(name: [.customLong("facts"), .customLong("facts-detail")], help: ArgumentHelp(
        "How much of the facts a json, jsonl or html report carries: full, summary (the records judged) or none (default: full for json; summary for jsonl and html).",
        valueName: "full|summary|none"))
    var detail: FactsDetail?
}
