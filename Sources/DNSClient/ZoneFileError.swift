/// A zone file that cannot be audited: one line saying where, what, and what to do.
public struct ZoneFileError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
