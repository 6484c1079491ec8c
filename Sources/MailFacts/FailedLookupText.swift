/// The one-string form of a failed lookup inside a record walk: `failed: <why>`.
enum FailedLookupText {
    static let prefix = "failed: "

    static func encode(_ reason: String) -> String { prefix + reason }

    static func decode(_ text: String) -> String? {
        text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : nil
    }
}
