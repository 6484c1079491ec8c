public struct SMTPExtensionFact: Codable, Sendable, Equatable {
    public var keyword: String
    public var parameters: [String]

    public init(keyword: String, parameters: [String]) {
        self.keyword = keyword
        self.parameters = parameters
    }
}
