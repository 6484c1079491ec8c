/// The DNSSEC status of a name, as the resolver that was asked sees it (RFC 4035 §4.3).
public enum DNSSECState: String, Sendable, Hashable {
    /// A validating resolver set the AD bit: the chain of trust reaches the answer.
    case secure
    /// A recursive resolver answered without AD: the name is not signed, or not under a trust anchor.
    case insecure
    /// The validator answered SERVFAIL, but answered again with checking disabled (CD):
    /// the data exists and its signatures or chain do not validate.
    case bogus
    /// No conclusion: the lookup failed, or the server does not validate (an authoritative answer).
    case indeterminate
}
