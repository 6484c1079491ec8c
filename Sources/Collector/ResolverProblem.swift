import MailFacts

/// Why a domain cannot be audited through the resolver: the kind, and the cause in words.
public struct ResolverProblem: Sendable, Equatable {
    public let kind: CollectionFailure
    public let cause: String

    public init(_ kind: CollectionFailure, _ cause: String) {
        self.kind = kind
        self.cause = cause
    }
}
