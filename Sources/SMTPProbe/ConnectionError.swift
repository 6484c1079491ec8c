import MailFacts

/// Why a read or write on a connection did not go through.
enum ConnectionError: Error {
    case timeout
    case closed
    case reset
    case network(String)
    /// TLS failed below SMTP (a fatal alert, a bad record).
    case tls(String)

    func failure(_ step: SMTPStep, timeout: Double) -> SMTPFailureFact {
        switch self {
        case .timeout: SMTPFailureFact(step: step, kind: .timeout, detail: "no complete reply within \(timeout) s")
        case .closed: SMTPFailureFact(step: step, kind: .closed, detail: "the server closed the connection")
        case .reset: SMTPFailureFact(step: step, kind: .reset, detail: "the connection was reset")
        case .network(let detail): SMTPFailureFact(step: step, kind: .networkError, detail: detail)
        case .tls(let detail): SMTPFailureFact(step: step, kind: .tlsFailed, detail: detail)
        }
    }
}

extension ConnectionError {
    /// The failure kind of an error during the TLS handshake.
    var kindDuringHandshake: SMTPFailureKind {
        switch self {
        case .timeout: .timeout
        case .closed: .closed
        case .reset: .reset
        case .network: .networkError
        case .tls: .tlsFailed
        }
    }
}
