/// What a query came to. Every answer is exactly one of these, so that "the lookup
/// failed" can never be read as "there is no record".
public enum DNSOutcome: String, Sendable, Hashable, CaseIterable {
    /// NOERROR with at least one record of the asked type (after following CNAMEs).
    case records
    /// NOERROR, the name exists, but holds no record of the asked type (RFC 2308 §2.2).
    case nodata
    /// The name does not exist (RCODE 3, RFC 2308 §2.1).
    case nxdomain
    /// The resolver could not get an answer (RCODE 2), e.g. a DNSSEC validation failure.
    case servfail
    /// The resolver declined to answer (RCODE 5).
    case refused
    /// Any other RCODE (FORMERR, NOTIMP, ...); `DNSAnswer.rcode` names it.
    case otherRcode = "other-rcode"
    /// No answer within the timeout, after every retry.
    case timeout
    /// The query could not be sent or the answer not received (e.g. connection refused).
    case networkError = "network-error"
    /// An answer arrived but could not be parsed as a DNS message.
    case malformed
    /// The query name is not a valid domain name, so nothing was sent.
    case invalidName = "invalid-name"
    /// The caller stopped waiting (the domain's deadline passed) before an answer came.
    case cancelled

    /// True when the resolver gave a definite answer about the name (records, NODATA, NXDOMAIN).
    public var isDefinite: Bool { self == .records || self == .nodata || self == .nxdomain }
}
