/// The glue a parent gives for one NS name, beside the addresses the name resolves to.
public struct GlueFact: Codable, Sendable, Equatable {
    public var name: String
    public var addresses: [String]
    /// The addresses the name resolves to through the resolver.
    public var resolved: [String]
    public var matches: Bool

    public init(name: String, addresses: [String], resolved: [String]) {
        self.name = name
        self.addresses = addresses.sorted()
        self.resolved = resolved.sorted()
        self.matches = Set(addresses) == Set(resolved)
    }
}
