/// One address form of the relay test: the envelope tried and the replies.
public struct SMTPRelayAttemptFact: Codable, Sendable, Equatable {
    /// `plain`, `percent-hack`, `source-route`, `quoted`, `bang-path`, ...
    public var form: String
    public var mailFrom: SMTPCommandFact?
    public var rcptTo: SMTPCommandFact?

    public init(form: String, mailFrom: SMTPCommandFact? = nil, rcptTo: SMTPCommandFact? = nil) {
        self.form = form
        self.mailFrom = mailFrom
        self.rcptTo = rcptTo
    }
}
