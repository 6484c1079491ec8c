/// What the collector needs from DNS. `StubResolver` answers through real resolvers; tests
/// of the collector may answer from recorded data.
public protocol DNSLookup: Sendable {
    /// The answer to one question. Never throws: every failure is an outcome of the answer.
    func answer(_ question: DNSQuestion) async -> DNSAnswer
}

extension DNSLookup {
    public func query(_ name: String, _ type: DNSType, checkingDisabled: Bool = false) async -> DNSAnswer {
        await answer(DNSQuestion(name: name, type: type, checkingDisabled: checkingDisabled))
    }
}
