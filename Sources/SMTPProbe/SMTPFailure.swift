import MailFacts

/// How a dialogue failed, as the probe reports it: the same value the facts record.
public typealias SMTPFailure = SMTPFailureFact
