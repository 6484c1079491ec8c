/// What a list's test entries (RFC 5782 §5) say of the list itself. An IP list must list
/// 127.0.0.2 and must not list 127.0.0.1; a domain list must list `test` and not `invalid`.
/// A list that lists everything (a retired list, or one refusing this client with a
/// "listed" answer) cannot be believed about anything.
public enum DNSBLListHealth: String, Codable, Sendable, CaseIterable {
    /// The test entries answered as RFC 5782 §5 requires.
    case usable
    /// The entry that must not be listed is listed: every answer would be "listed".
    case listsEverything = "lists-everything"
    /// The entry that must be listed is not: the list may be dead, or answering nothing to this client.
    case missingTestEntry = "missing-test-entry"
    /// The list answered with a code it uses to refuse a query (the data file says which).
    case refused
    /// The lookups of the test entries failed (timeout, SERVFAIL, ...).
    case lookupFailed = "lookup-failed"
    /// The answers were addresses outside 127.0.0.0/8, which no list uses: the resolver
    /// rewrites NXDOMAIN answers, or the list's domain has lapsed.
    case unexpectedAnswer = "unexpected-answer"
}
