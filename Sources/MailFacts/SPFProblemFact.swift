public struct SPFProblemFact: Codable, Sendable, Equatable {
    public var domain: String
    public var term: String?
    public var message: String

    public init(domain: String, term: String? = nil, message: String) {
        self.domain = domain
        self.term = term
        self.message = message
    }
}
