/// Whether a probe (an SMTP dialogue, the MTA-STS policy fetch) could be made at all.
public enum ProbeRunOutcome: String, Codable, Sendable, Equatable, CaseIterable, FailureReporting {
    /// The probe ran; what it found is in the other facts.
    case done
    /// The host's address lookups failed, so there was nothing to connect to.
    case lookupFailed = "lookup-failed"
    /// The domain's deadline passed before the probe could run (waiting for a connection
    /// slot, or for a probe another domain started).
    case deadlineExceeded = "deadline-exceeded"
    /// The server answered 421 or another temporary (4xx) code before anything could be
    /// measured, and again when asked once more after a pause: busy, or limiting this
    /// client. Not a verdict on the server; try later.
    case busy
    /// This machine has no route to the address (IPv6 without IPv6 here): nothing was sent.
    case noRoute = "no-route"

    public var isFailure: Bool {
        switch self {
        case .done: false
        case .lookupFailed, .deadlineExceeded, .busy, .noRoute: true
        }
    }
}
