public struct DNSQuestion: Hashable, Sendable, CustomStringConvertible {
    /// The name as asked, absolute and lower-cased (`example.org.`).
    public var name: String
    public var type: DNSType
    /// The CD (checking disabled) bit, RFC 4035 §3.2.2.
    public var checkingDisabled: Bool

    public init(name: String, type: DNSType, checkingDisabled: Bool = false) {
        self.name = DNSName.absolute(name)
        self.type = type
        self.checkingDisabled = checkingDisabled
    }

    public var description: String { "\(name) \(type)\(checkingDisabled ? " +cd" : "")" }
}
