import ArgumentParser

/// `--format text|json` (and `--json`, kept as its alias) for the commands that print one
/// result: `spf`, `smtp`, `rules list`.
struct PrintFormatOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(help: ArgumentHelp("Output format: text or json.", valueName: "text|json"))
    var format: Format = .text

    @Flag(help: "The same as --format json.")
    var json = false

    var isJSON: Bool { json || format == .json }
}
