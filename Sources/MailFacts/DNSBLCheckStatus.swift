/// What one question to a DNS list came to. Only `listed` is a listing: a refusal, an
/// answer no list gives, or any answer from a list that lists everything is not.
public enum DNSBLCheckStatus: String, Codable, Sendable, CaseIterable {
    /// The list answered with a listing code (an A record in 127.0.0.0/8 that is not a refusal).
    case listed
    /// NXDOMAIN (or no A record): not on the list.
    case notListed = "not-listed"
    /// The list answered with a code it uses to refuse the query (e.g. Spamhaus's
    /// 127.255.255.254: a query through a public resolver).
    case refused
    /// An answer outside 127.0.0.0/8: a resolver that rewrites NXDOMAIN, or a lapsed list domain.
    case unexpectedAnswer = "unexpected-answer"
    /// An answer the list's test entries show cannot be believed: "listed" from a list that
    /// lists everything, "not listed" from one that does not list its test entry (for an IPv6
    /// address: its IPv6 test entry, so it may not cover IPv6 at all).
    case unreliable
    /// The lookup failed (timeout, SERVFAIL, ...): nothing is known either way.
    case lookupFailed = "lookup-failed"
}
