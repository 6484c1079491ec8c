/// The DNSSEC status of a name as the validating resolver reports it.
public struct DNSSECFact: Codable, Sendable, Equatable {
    public var name: String
    public var status: DNSSECStatusValue
    public var reason: String
    /// The lookup the status was read from.
    public var lookup: LookupFact
    /// For a SERVFAIL: the same question asked again with checking disabled (CD).
    public var checkingDisabledLookup: LookupFact?

    public init(name: String, status: DNSSECStatusValue, reason: String, lookup: LookupFact, checkingDisabledLookup: LookupFact? = nil) {
        self.name = name
        self.status = status
        self.reason = reason
        self.lookup = lookup
        self.checkingDisabledLookup = checkingDisabledLookup
    }
}
