/// An Extended DNS Error (RFC 8914): the reason a resolver attaches to an answer, notably
/// to a SERVFAIL ("DNSSEC Bogus", "Signature Expired", "No Reachable Authority", ...).
/// The one way to tell a validation failure from a resolver that could not get an answer.
public struct DNSExtendedError: Sendable, Hashable {
    /// The INFO-CODE (RFC 8914 §4, IANA "Extended DNS Error Codes").
    public var code: UInt16
    /// The EXTRA-TEXT, as the resolver sent it (outside text: print it escaped).
    public var text: String

    public init(code: UInt16, text: String) {
        self.code = code
        self.text = text
    }

    /// The registered name of the code, or "code N".
    public var name: String {
        switch code {
        case 0: return "Other Error"
        case 1: return "Unsupported DNSKEY Algorithm"
        case 2: return "Unsupported DS Digest Type"
        case 3: return "Stale Answer"
        case 4: return "Forged Answer"
        case 5: return "DNSSEC Indeterminate"
        case 6: return "DNSSEC Bogus"
        case 7: return "Signature Expired"
        case 8: return "Signature Not Yet Valid"
        case 9: return "DNSKEY Missing"
        case 10: return "RRSIGs Missing"
        case 11: return "No Zone Key Bit Set"
        case 12: return "NSEC Missing"
        case 13: return "Cached Error"
        case 14: return "Not Ready"
        case 15: return "Blocked"
        case 16: return "Censored"
        case 17: return "Filtered"
        case 18: return "Prohibited"
        case 19: return "Stale NXDOMAIN Answer"
        case 20: return "Not Authoritative"
        case 21: return "Not Supported"
        case 22: return "No Reachable Authority"
        case 23: return "Network Error"
        case 24: return "Invalid Data"
        case 25: return "Signature Expired before Valid"
        case 26: return "Too Early"
        case 27: return "Unsupported NSEC3 Iterations Value"
        case 28: return "Unable to conform to policy"
        case 29: return "Synthesized"
        default: return "code \(code)"
        }
    }

    /// The codes that say the answer failed DNSSEC validation (RFC 8914 §4.7–4.13, §5.25):
    /// the data is there and does not validate. Codes 1 and 2 (an algorithm or digest the
    /// resolver does not support) make a zone insecure, not bogus (RFC 4035 §5.2), and
    /// 5 (Indeterminate) says nothing either way.
    public var isValidationFailure: Bool {
        switch code {
        case 6, 7, 8, 9, 10, 11, 12, 25, 27: return true
        default: return false
        }
    }

    /// `6 (DNSSEC Bogus), the resolver's text: "..."` for messages: the code in the RFC's
    /// words, then the EXTRA-TEXT (RFC 8914 §2) quoted as the resolver's own, never as
    /// mailaudit's words (it is data from outside: the reports make it inert).
    public var description: String {
        text.isEmpty ? "\(code) (\(name))" : "\(code) (\(name)), the resolver's text: \"\(text)\""
    }
}
