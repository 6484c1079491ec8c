public struct DMARCURIFact: Codable, Sendable, Equatable {
    public var uri: String
    public var scheme: String
    public var address: String?
    public var maxSize: UInt64?

    public init(uri: String, scheme: String, address: String?, maxSize: UInt64?) {
        self.uri = uri
        self.scheme = scheme
        self.address = address
        self.maxSize = maxSize
    }
}
