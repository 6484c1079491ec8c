import Foundation

/// How mailaudit writes JSON, everywhere (facts, reports, the `spf` and `smtp` commands):
/// keys sorted, slashes as they are, and a newline at the end, so that outputs compare
/// with diff and stream as JSON Lines.
public enum JSONOutput {
    public static func encoder(pretty: Bool = true) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The JSON text of `value` and a newline: indented, or on one line for JSON Lines.
    /// `userInfo` reaches the values' `encode(to:)` (how much of the facts a report carries).
    public static func encode<T: Encodable>(_ value: T, pretty: Bool = true, userInfo: [CodingUserInfoKey: any Sendable] = [:]) throws -> Data {
        let encoder = encoder(pretty: pretty)
        encoder.userInfo = userInfo
        var data = try encoder.encode(value)
        data.append(0x0a)
        return data
    }
}
