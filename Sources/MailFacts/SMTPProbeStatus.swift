public enum SMTPProbeStatus: String, Codable, Sendable, Equatable {
    /// The endpoints were probed (each has its own outcome).
    case probed
    /// Probing was turned off (`--no-smtp`).
    case skipped
    /// Nothing to probe: no exchange with an address (null MX, no MX, lookups failed).
    case noEndpoints = "no-endpoints"
}
