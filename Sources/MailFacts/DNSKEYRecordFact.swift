/// One DNSKEY record: its key tag (RFC 4034 Appendix B), algorithm and flags (257: a
/// key-signing key with the SEP bit, 256: a zone-signing key).
public struct DNSKEYRecordFact: Codable, Sendable, Equatable {
    public var keyTag: Int
    public var algorithm: Int
    public var flags: Int
    /// The SEP bit (flags 257): the key a DS is expected to name.
    public var keySigning: Bool

    public init(keyTag: Int, algorithm: Int, flags: Int) {
        self.keyTag = keyTag
        self.algorithm = algorithm
        self.flags = flags
        self.keySigning = flags & 1 == 1
    }
}
