/// A syntax error in an SPF record or macro-string: what is wrong, and in which term.
public struct SPFSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// The term (as published) the error is in, when known.
    public var term: String?
    /// The 1-based position of that term in the record.
    public var position: Int?

    public init(_ message: String, term: String? = nil, position: Int? = nil) {
        self.message = message
        self.term = term
        self.position = position
    }

    public var description: String {
        if let term, let position { return "term \(position) '\(term)': \(message)" }
        return message
    }
}
