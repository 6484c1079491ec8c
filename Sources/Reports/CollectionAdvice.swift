import MailFacts

/// What a user can do about a domain that could not be audited. The facts hold only the
/// cause; the command line knows its own options and words the advice.
public typealias CollectionAdvice = @Sendable (CollectionFailure) -> String?
