import MailFacts

/// Fetches MTA-STS policies for the collector. `CurlPolicyFetcher` fetches over HTTPS; tests
/// of the collector's policy logic may answer from a table instead.
public protocol PolicyFetcher: Sendable {
    /// `https://<host>/.well-known/mta-sts.txt` from `addresses` (never the system resolver),
    /// trusting `caFile` (nil: the system store), within `timeout` seconds.
    func fetch(host: String, addresses: [String], caFile: String?, timeout: Double) async -> PolicyFetchResponse
}
