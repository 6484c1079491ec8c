public struct DNSSECStatus: Sendable {
    public var name: String
    public var state: DNSSECState
    /// Why the state is what it is, in words.
    public var reason: String
    /// The answer the state was read from, and (for SERVFAIL) the one asked again with CD.
    public var answer: DNSAnswer
    public var checkingDisabledAnswer: DNSAnswer?
}
