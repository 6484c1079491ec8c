/// One CAA record (RFC 8659 §4.1).
public struct CAARecordFact: Codable, Sendable, Equatable {
    /// 128: the issuer critical flag.
    public var flags: Int
    /// `issue`, `issuewild`, `iodef`, ... (lower-case).
    public var tag: String
    public var value: String

    public init(flags: Int, tag: String, value: String) {
        self.flags = flags
        self.tag = tag
        self.value = value
    }
}
