/// Bounds on the fan-out from DNS data. A zone may publish thousands of MX or SRV records (a
/// 64 KiB answer holds about 3,600 MX records), and each one costs lookups and connections to
/// addresses the zone chose: past these counts the rest is not examined. Every record stays
/// in the facts (`mx.records`, `submission.srv`), so rules still see how many there are.
enum CollectionLimits {
    /// MX exchanges examined, lowest preference first (senders try a handful; RFC 5321 §5.1).
    static let exchanges = 20
    /// Addresses of one host probed or checked.
    static let addressesPerHost = 16
    /// PTR names of one address checked back to it, as check_host() does (RFC 7208 §4.6.4).
    static let ptrNames = 10
    /// Submission targets (SRV records, RFC 6186) probed.
    static let submissionTargets = 10
    /// Mail server addresses asked of each DNS list (each costs a query per list).
    static let dnsblAddresses = 64
    /// Characters kept of a DNS list's TXT reason for a listing.
    static let dnsblReasonCharacters = 1_000
}
