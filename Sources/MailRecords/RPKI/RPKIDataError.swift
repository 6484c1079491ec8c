/// An RPKI or route-origin file that cannot be used: where, what, and what to do.
public struct RPKIDataError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
