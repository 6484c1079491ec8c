/// One TLSA record (RFC 6698 §2.1), the association data in lower-case hex.
public struct TLSARecordFact: Codable, Sendable, Equatable {
    public var usage: Int
    public var selector: Int
    public var matchingType: Int
    public var data: String

    public init(usage: Int, selector: Int, matchingType: Int, data: String) {
        self.usage = usage
        self.selector = selector
        self.matchingType = matchingType
        self.data = data
    }
}
