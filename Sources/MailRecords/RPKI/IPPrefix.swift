import NetworkSupport

/// An IP prefix (`192.0.2.0/24`), its bits past the length cleared: the key of the RPKI
/// tables' indexes.
public struct IPPrefix: Hashable, Sendable, CustomStringConvertible {
    public let bytes: [UInt8]
    public let length: Int

    public init(_ address: IPAddress, length: Int) {
        self.length = length
        bytes = Self.masked(address.bytes, length)
    }

    /// `a.b.c.d/len` or `v6::/len`; nil when not one.
    public init?(parsing text: some StringProtocol) {
        let parts = text.split(separator: "/", maxSplits: 1)
        guard parts.count == 2, let address = IPAddress(String(parts[0])), let length = Int(parts[1]),
              length >= 0, length <= address.bytes.count * 8 else { return nil }
        self.init(address, length: length)
    }

    static func masked(_ bytes: [UInt8], _ length: Int) -> [UInt8] {
        var result = bytes
        for index in result.indices {
            let keep = max(0, min(8, length - index * 8))
            result[index] &= keep == 8 ? 0xff : ~(0xff >> UInt8(keep))
        }
        return result
    }

    public var description: String {
        "\(IPAddress(bytes: bytes)?.description ?? "?")/\(length)"
    }
}
