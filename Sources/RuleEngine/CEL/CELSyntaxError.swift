/// A syntax error with where it is.
public struct CELSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// Offset in characters from the start of the expression.
    public var position: Int
    public var description: String { "\(message) (at character \(position + 1))" }
}
