/// An error a user can fix: the CA file cannot be read, and the like.
public struct TLSSetupError: Error, Sendable, CustomStringConvertible {
    public let description: String
}
