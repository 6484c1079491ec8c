/// One SMTP reply (RFC 5321 §4.2): a three-digit code on every line, '-' after the code on
/// every line but the last, and text.
public struct SMTPReply: Sendable, Hashable {
    public var code: Int
    /// The text of each line, after the code and separator.
    public var lines: [String]
    /// The RFC 3463 enhanced status code at the start of the first line's text (`2.1.0`), if any.
    public var enhancedCode: String?

    public var isPositive: Bool { (200..<400).contains(code) }
    /// A transient negative completion (RFC 5321 §4.2.1, 4yz): the same command may work later.
    public var isTemporary: Bool { (400..<500).contains(code) }
    public var text: String { lines.joined(separator: "\n") }
}
