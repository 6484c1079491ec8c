public struct DNSQuestion: Hashable, Sendable, CustomStringConvertible {
    /// The name as asked, absolute and lower-cased (`example.org.`).
    public var name: String
    public var type: DNSType
    /// The CD (checking disabled) bit, RFC 4035 §3.2.2.
    public var checkingDisabled: Bool
    /// 0 for the first time a question is asked in a run; 1, 2, ... when it is asked again on
    /// purpose (to tell a transient SERVFAIL from a lasting one), so that the answer cache
    /// does not hand back the first answer.
    public var repetition: Int

    public init(name: String, type: DNSType, checkingDisabled: Bool = false, repetition: Int = 0) {
        self.name = DNSName.absolute(name)
        self.type = type
        self.checkingDisabled = checkingDisabled
        self.repetition = repetition
    }

    public var description: String {
        "\(name) \(type)\(checkingDisabled ? " +cd" : "")\(repetition > 0 ? " (again, \(repetition))" : "")"
    }
}
