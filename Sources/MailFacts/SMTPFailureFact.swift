/// What happened at one step of an SMTP dialogue that did not go as SMTP says: the fact of
/// an endpoint, and the error the probe ends a dialogue with (one type for both).
public struct SMTPFailureFact: Codable, Sendable, Hashable, Error, CustomStringConvertible {
    public var step: SMTPStep
    public var kind: SMTPFailureKind
    public var detail: String

    public init(step: SMTPStep, kind: SMTPFailureKind, detail: String) {
        self.step = step
        self.kind = kind
        self.detail = detail
    }

    public var description: String { "\(step.rawValue): \(kind.rawValue): \(detail)" }
}
