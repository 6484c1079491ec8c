public struct SPFTraceStep: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A term of a record (or the record itself, or the domain's status).
        case term
        /// A DNS lookup and what it returned.
        case lookup
    }

    /// Nesting depth: 0 for the domain asked, 1 inside an include or redirect, ...
    public var depth: Int
    /// The domain whose record this step belongs to.
    public var domain: String
    public var kind: Kind
    public var text: String
}
