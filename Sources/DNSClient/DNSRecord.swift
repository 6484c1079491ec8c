public struct DNSRecord: Sendable, Hashable {
    public var name: String
    public var type: DNSType
    public var ttl: UInt32
    public var data: DNSRData

    public init(name: String, type: DNSType, ttl: UInt32, data: DNSRData) {
        self.name = name
        self.type = type
        self.ttl = ttl
        self.data = data
    }

    /// The TXT character-strings joined as RFC 7208 §3.3 says: concatenated with no
    /// separator. Bytes that are not UTF-8 become U+FFFD: facts use the collector's
    /// `outsideText`, which writes them `\xHH`.
    public var joinedText: String? {
        guard case .txt(let strings) = data else { return nil }
        return String(decoding: strings.joined(), as: UTF8.self)
    }
}
