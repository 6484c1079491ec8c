public struct SMTPGreetingFact: Codable, Sendable, Equatable {
    public var code: Int
    public var lines: [String]
    /// The host name the greeting gives (RFC 5321 §4.3.1).
    public var name: String?
    /// Seconds from the connection to the first byte of the greeting.
    public var firstByteSeconds: Double
    /// Seconds from the connection to the complete greeting.
    public var seconds: Double

    public init(code: Int, lines: [String], name: String?, firstByteSeconds: Double, seconds: Double) {
        self.code = code
        self.lines = lines
        self.name = name
        self.firstByteSeconds = firstByteSeconds
        self.seconds = seconds
    }
}
