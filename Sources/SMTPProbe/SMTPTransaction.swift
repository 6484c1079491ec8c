/// A delivery test up to RCPT (and DATA with a small message when `sendData`).
public struct SMTPTransaction: Sendable {
    public var from: String
    public var to: [String]
    public var sendData: Bool
    public init(from: String, to: [String], sendData: Bool) {
        self.from = from
        self.to = to
        self.sendData = sendData
    }
}
