/// One TXT record: its character-strings, and their concatenation as RFC 7208 §3.3
/// (and RFC 6376 §3.6.2.2 for DKIM) specify it: joined with nothing between them.
public struct TXTRecordFact: Codable, Sendable, Equatable {
    public var text: String
    public var strings: [String]
    /// The length in bytes of each character-string (at most 255 each, RFC 1035 §3.3).
    public var stringLengths: [Int]
    /// The total length in bytes of the joined text.
    public var length: Int

    public init(strings rawStrings: [[UInt8]]) {
        // Bytes that are not UTF-8 are written \xHH (OutsideText), never dropped.
        self.strings = rawStrings.map { OutsideText.decode($0) }
        self.stringLengths = rawStrings.map(\.count)
        self.text = OutsideText.decode(rawStrings.joined())
        self.length = stringLengths.reduce(0, +)
    }
}
