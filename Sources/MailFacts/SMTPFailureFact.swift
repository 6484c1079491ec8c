public struct SMTPFailureFact: Codable, Sendable, Equatable {
    public var step: SMTPStep
    public var kind: SMTPFailureKind
    public var detail: String

    public init(step: SMTPStep, kind: SMTPFailureKind, detail: String) {
        self.step = step
        self.kind = kind
        self.detail = detail
    }
}
