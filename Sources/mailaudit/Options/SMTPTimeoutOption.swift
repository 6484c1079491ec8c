import ArgumentParser

/// `--smtp-timeout`: one name and one default wherever mailaudit talks SMTP.
struct SMTPTimeoutOption: ParsableArguments {
    static let defaultSeconds: Double = 25

    @Option(name: .customLong("smtp-timeout"), help: ArgumentHelp(
        "Seconds one SMTP dialogue (or the MTA-STS policy fetch) may take in all; each step also has its own limit.", valueName: "seconds"))
    var smtpTimeout: Double = SMTPTimeoutOption.defaultSeconds

    func validate() throws {
        guard smtpTimeout > 0, smtpTimeout <= 3600 else { throw ValidationError("--smtp-timeout \(smtpTimeout.formatted()): must be more than 0 and at most 3600 seconds") }
    }
}
