import ArgumentParser

/// The name the probe gives in EHLO (RFC 5321 §4.1.1.1); shared by the probing commands.
struct EHLONameOption: ParsableArguments {
    @Option(name: [.customLong("ehlo-name"), .customLong("ehlo")], help: ArgumentHelp("The name the probe gives in EHLO.", valueName: "name"))
    var ehloName = "mailaudit.invalid"
}
