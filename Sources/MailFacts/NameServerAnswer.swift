/// How one server answered one kind of question.
public enum NameServerAnswer: String, Codable, Sendable, Equatable {
    /// Answered with AA set (RFC 1035 §4.1.1).
    case authoritative
    /// Answered NOERROR without AA: it does not hold the zone (a lame delegation).
    case notAuthoritative = "not-authoritative"
    case refused
    /// Another RCODE (SERVFAIL, NOTAUTH, ...: in `detail`).
    case otherRcode = "other-rcode"
    case timeout
    case networkError = "network-error"
    case malformed
    case notAsked = "not-asked"
    /// This machine has no route to the address (an IPv6 server from a host without IPv6):
    /// says nothing about the server.
    case noRoute = "no-route"

    /// True when the server said nothing usable: it could not be judged from here.
    public var isSilent: Bool { [.timeout, .networkError, .malformed].contains(self) }
}
