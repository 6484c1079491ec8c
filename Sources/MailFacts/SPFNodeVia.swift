/// How a record joined the SPF policy tree.
public enum SPFNodeVia: String, Codable, Sendable, Equatable, CaseIterable {
    /// The domain's own record.
    case root
    /// An `include:` mechanism (RFC 7208 §5.2).
    case include
    /// A `redirect=` modifier (RFC 7208 §6.1).
    case redirect
}
