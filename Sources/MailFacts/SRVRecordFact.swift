public struct SRVRecordFact: Codable, Sendable, Equatable {
    public var priority: Int
    public var weight: Int
    public var port: Int
    public var target: String

    public init(priority: Int, weight: Int, port: Int, target: String) {
        self.priority = priority
        self.weight = weight
        self.port = port
        self.target = target
    }
}
