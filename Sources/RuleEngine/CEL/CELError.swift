import Foundation

/// An evaluation error: a value in CEL, which `&&`, `||` and `?:` may absorb.
public struct CELError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
