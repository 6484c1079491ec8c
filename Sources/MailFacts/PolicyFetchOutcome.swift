/// How the HTTPS fetch of an MTA-STS policy went (RFC 8461 §3.3).
public enum PolicyFetchOutcome: String, Codable, Sendable, Equatable, CaseIterable {
    /// 200 with a body.
    case ok
    /// Another HTTP status.
    case httpError = "http-error"
    /// A 3xx, which §3.3 forbids following.
    case redirect
    /// Over 64 KiB.
    case tooLarge = "too-large"
    /// The handshake or the certificate failed.
    case tlsFailed = "tls-failed"
    case timeout, refused
    case networkError = "network-error"
    /// The host has no address.
    case noAddress = "no-address"
    /// The host's address lookups failed.
    case lookupFailed = "lookup-failed"
    /// No connection slot before the domain's deadline.
    case deadlineExceeded = "deadline-exceeded"
    /// No `_mta-sts` record, so nothing to fetch.
    case notFetched = "not-fetched"
}
