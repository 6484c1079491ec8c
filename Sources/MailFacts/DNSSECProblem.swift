/// What went wrong in mailaudit's own DNSSEC validation (`DNSSECValidationFact.problem`),
/// classified from libunbound's reason by the DNS client (`DNSSECValidation.Problem` is this
/// type). The schema's enum is checked against these cases (FactSchemaTests): a value the
/// code emits is one the schema lists.
public enum DNSSECProblem: String, Codable, Sendable, Equatable, CaseIterable {
    case signatureExpired = "signature-expired"
    case signatureNotYetValid = "signature-not-yet-valid"
    /// The parent's DS records match none of the zone's DNSKEYs.
    case dsMismatch = "ds-mismatch"
    case missingDNSKEY = "missing-dnskey"
    case missingSignature = "missing-signature"
    case badSignature = "bad-signature"
    /// An answer of no data or no name without a valid NSEC/NSEC3 proof.
    case denialNotProven = "denial-not-proven"
    /// The trust anchor's own keys could not be had or did not match it.
    case trustAnchor = "trust-anchor"
    /// A DS or DNSKEY lookup on the way failed (SERVFAIL, timeout): no verdict.
    case lookupFailed = "lookup-failed"
    /// The name is below none of the trust anchors: no verdict.
    case outsideTrustAnchor = "outside-trust-anchor"
    case other
}
