/// The DNSSEC status of a name: mailaudit's own validation when it reached a verdict
/// (`source` "validation"), else the resolver's (`source` "resolver": the AD bit, SERVFAIL).
public struct DNSSECFact: Codable, Sendable, Equatable {
    public var name: String
    public var status: DNSSECStatusValue
    public var reason: String
    /// Whose verdict `status` is: mailaudit's validation or the resolver's (optional only so
    /// that facts recorded before it existed still read).
    public var source: DNSSECVerdictSource?
    /// What the resolver says, kept beside mailaudit's verdict to compare (RFC 6840 §5.7).
    public var resolverStatus: DNSSECStatusValue?
    public var resolverReason: String?
    /// mailaudit's own validation; nil when it did not run (`--no-dnssec-validation`, no trust anchor).
    public var validation: DNSSECValidationFact?
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
