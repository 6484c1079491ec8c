public struct DNSServerError: Error, Sendable, CustomStringConvertible {
    public let text: String
    public let reason: String
    public var description: String { reason }
}
