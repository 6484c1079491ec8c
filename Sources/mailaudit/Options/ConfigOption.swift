import ArgumentParser

/// `--config FILE`: the options a nightly job repeats, read from a YAML file
/// (`ConfigFile`); declared here so that `--help`, the man page and the completions show
/// it. `MailAudit.main` reads the file before the command line is parsed.
struct ConfigOption: ParsableArguments {
    @Option(name: .customLong("config"), help: ArgumentHelp(
        "A YAML file of options (/etc/mailaudit/mailaudit.yaml in the package): each key a long option of the command, without its dashes; options on the command line win.",
        valueName: "file"))
    var config: String?
}
