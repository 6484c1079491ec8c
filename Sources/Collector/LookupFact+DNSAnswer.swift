import DNSClient
import MailFacts

extension LookupFact {
    /// The fact that records how a DNS answer was obtained (not what it holds).
    init(_ answer: DNSAnswer) {
        self.init(
            name: Self.display(answer.question.name),
            type: answer.question.type.description,
            outcome: LookupOutcome(answer.outcome),
            rcode: answer.rcode,
            authenticData: answer.authenticData,
            cnameChain: answer.cnameChain.map(Self.display),
            transport: answer.attempts > 0 ? answer.transport.rawValue : nil,
            truncatedOverUDP: answer.truncatedOverUDP,
            server: answer.server,
            attempts: answer.attempts,
            milliseconds: (answer.seconds * 1_000_000).rounded() / 1000,
            detail: answer.detail
        )
    }

    /// Names in facts are written without the trailing dot, except the root.
    static func display(_ name: String) -> String {
        name == "." || !name.hasSuffix(".") ? name : String(name.dropLast())
    }
}

extension LookupOutcome {
    init(_ outcome: DNSOutcome) {
        switch outcome {
        case .records: self = .records
        case .nodata: self = .nodata
        case .nxdomain: self = .nxdomain
        case .servfail: self = .servfail
        case .refused: self = .refused
        case .otherRcode: self = .otherRcode
        case .timeout: self = .timeout
        case .networkError: self = .networkError
        case .malformed: self = .malformed
        case .invalidName: self = .invalidName
        case .cancelled: self = .deadlineExceeded
        }
    }
}

extension DNSSECFact {
    init(_ status: DNSSECStatus) {
        let value: DNSSECStatusValue
        switch status.state {
        case .secure: value = .secure
        case .insecure: value = .insecure
        case .bogus: value = .bogus
        case .indeterminate: value = .indeterminate
        }
        self.init(name: LookupFact.display(status.name), status: value, reason: status.reason,
                  lookup: LookupFact(status.answer), checkingDisabledLookup: status.checkingDisabledAnswer.map(LookupFact.init))
    }
}
