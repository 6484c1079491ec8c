import ArgumentParser
import Reports

/// `check --facts-detail`: the same choice (`--facts` names the facts file there).
struct CheckFactsDetailOption: ParsableArguments {
    @Option(name: .customLong("facts-detail"), help: ArgumentHelp(
        "How much of the facts a json, jsonl or html report carries: full, summary (the records judged) or none (default: full for json; summary for jsonl and html).",
        valueName: "full|summary|none"))
    var detail: FactsDetail?
}
