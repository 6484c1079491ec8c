/// How a dialogue with an endpoint ended: `ok` when it reached QUIT, otherwise the kind of
/// the failure (its step is in `SMTPEndpointFact.failure`).
public enum SMTPEndpointOutcome: String, Codable, Sendable, Equatable, CaseIterable {
    case ok
    case refused, timeout, closed, reset, garbage, rejected, busy
    case networkError = "network-error"
    case tlsFailed = "tls-failed"
    case notSent = "not-sent"
    case noAddress = "no-address"
    case noRoute = "no-route"
    case deadlineExceeded = "deadline-exceeded"

    /// The outcome of a dialogue that ended with `failure` (nil: it went through).
    public init(failure: SMTPFailureKind?) {
        switch failure {
        case nil: self = .ok
        case .refused?: self = .refused
        case .timeout?: self = .timeout
        case .closed?: self = .closed
        case .reset?: self = .reset
        case .garbage?: self = .garbage
        case .rejected?: self = .rejected
        case .busy?: self = .busy
        case .networkError?: self = .networkError
        case .tlsFailed?: self = .tlsFailed
        case .notSent?: self = .notSent
        case .noAddress?: self = .noAddress
        case .noRoute?: self = .noRoute
        case .deadlineExceeded?: self = .deadlineExceeded
        }
    }
}
