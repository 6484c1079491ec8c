/// One command of a probe's dialogue and the server's reply to it.
public struct SMTPCommandFact: Codable, Sendable, Equatable {
    public var command: String
    public var code: Int
    /// The reply's lines joined by a space.
    public var text: String

    public init(command: String, code: Int, text: String) {
        self.command = command
        self.code = code
        self.text = text
    }
}
