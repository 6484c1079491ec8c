import DNSClient
import Foundation
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

extension DNSSECStatusValue {
    init(_ state: DNSSECState) {
        switch state {
        case .secure: self = .secure
        case .insecure: self = .insecure
        case .bogus: self = .bogus
        case .indeterminate: self = .indeterminate
        }
    }
}

extension DNSSECFact {
    /// The resolver's status, and mailaudit's own validation when it ran: its verdict is
    /// the status unless it reached none (indeterminate), when the resolver's stands.
    init(_ status: DNSSECStatus, validation: DNSSECValidation? = nil, now: Date = Date()) {
        self.init(name: LookupFact.display(status.name), status: DNSSECStatusValue(status.state), reason: status.reason,
                  lookup: LookupFact(status.answer), checkingDisabledLookup: status.checkingDisabledAnswer.map(LookupFact.init))
        source = .resolver
        guard let validation else { return }
        self.validation = DNSSECValidationFact(validation, now: now)
        resolverStatus = self.status
        resolverReason = reason
        if validation.state != .indeterminate {
            self.status = DNSSECStatusValue(validation.state)
            reason = validation.reason
            source = .validation
        }
    }
}

extension DNSSECValidationFact {
    init(_ validation: DNSSECValidation, now: Date) {
        var algorithms: [DNSSECAlgorithmFact] = []
        for number in validation.signatures.map(\.algorithm) where !algorithms.contains(where: { $0.number == Int(number) }) {
            algorithms.append(DNSSECAlgorithmFact(number: Int(number)))
        }
        let soonest = validation.signatures.map(\.expiration).min()
        self.init(name: LookupFact.display(validation.name), type: validation.type.description, status: DNSSECStatusValue(validation.state),
                  reason: validation.reason, problem: validation.problem, link: validation.link, trustAnchor: validation.trustAnchor,
                  algorithms: algorithms,
                  signatureExpires: soonest.map { DomainCollector.timestamp(Date(timeIntervalSince1970: Double($0))) },
                  daysToSignatureExpiry: soonest.map { Int(((Double($0) - now.timeIntervalSince1970) / 86_400).rounded(.down)) })
        trustAnchorNamed = validation.trustAnchorNamed ? true : nil
    }
}
