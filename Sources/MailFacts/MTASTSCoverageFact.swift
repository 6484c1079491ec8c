public struct MTASTSCoverageFact: Codable, Sendable, Equatable {
    public var exchange: String
    public var covered: Bool

    public init(exchange: String, covered: Bool) {
        self.exchange = exchange
        self.covered = covered
    }
}
