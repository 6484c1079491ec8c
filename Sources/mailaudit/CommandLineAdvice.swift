import MailFacts

/// What the user can do, in the command line's own terms (its options). The libraries say
/// what happened; only this file says what to type.
enum CommandLineAdvice {
    /// For a domain that could not be audited.
    @Sendable static func collection(_ failure: CollectionFailure) -> String? {
        switch failure {
        case .resolverTimeout: "check that a DNS server listens there, or name another with --resolver"
        case .resolverUnreachable: "check the address, or name another with --resolver"
        case .resolverRefused: "name a resolver that serves this client with --resolver"
        case .resolverMalformed: "name another with --resolver"
        case .invalidName: nil
        case .deadlineExceeded: "raise --deadline or check the resolver"
        }
    }

    /// For an SMTP failure of the `smtp` command.
    static func smtp(_ failure: SMTPFailureFact) -> String? {
        switch failure.kind {
        case .notSent: "use --tls none to send them in plain text"
        case .busy: "the server is busy or limits this client: try again later, or from an address it expects"
        default: nil
        }
    }
}
