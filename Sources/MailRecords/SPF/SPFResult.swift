/// The outcome of check_host() (RFC 7208 §2.6) with what led to it.
public struct SPFResult: Sendable {
    public enum Code: String, Sendable, Hashable, Codable {
        case none, neutral, pass, fail, softfail, temperror, permerror
    }

    public var code: Code
    /// The explanation from exp= (§6.2), for a fail, when one could be built.
    public var explanation: String?
    /// Why: the matching term, the error, or "no mechanism matched".
    public var reason: String
    /// DNS-querying terms evaluated, against the limit of 10 (§4.6.4).
    public var dnsLookups: Int
    /// Lookups that found nothing (NODATA or NXDOMAIN), against the limit of 2 (§4.6.4).
    public var voidLookups: Int
    /// Every step, in order, for a person reading the evaluation.
    public var trace: [SPFTraceStep]
}
