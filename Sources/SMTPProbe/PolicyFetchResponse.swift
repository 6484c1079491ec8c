import MailFacts

/// What a policy fetch came to: the fact, and the body when one arrived within the limit.
public struct PolicyFetchResponse: Sendable {
    public var fact: PolicyFetchFact
    public var body: String?

    public init(fact: PolicyFetchFact, body: String? = nil) {
        self.fact = fact
        self.body = body
    }
}
