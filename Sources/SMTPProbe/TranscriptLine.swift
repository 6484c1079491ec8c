/// One line of a dialogue, in the style admins know from swaks: `->` sent and `<-` received
/// in plain text, `~>` and `<~` inside TLS, `===` for what the probe itself notes.
public struct TranscriptLine: Sendable, Hashable {
    public enum Direction: String, Sendable {
        case sent = "->", received = "<-", sentTLS = "~>", receivedTLS = "<~", note = "==="
    }
    public var direction: Direction
    public var text: String
    public var rendered: String { "\(direction.rawValue) \(text)" }
}
