/// One fact whose change matters even when no rule fires (the MX set, the SPF record, a
/// certificate's fingerprint, ...), as a stable key, its name in words and its value.
public struct WatchedFact: Codable, Sendable, Hashable {
    /// Stable across runs: `mx`, `spf.all`, `dkim:s1`, `certificate.sha256:mx1.example.org [192.0.2.1]:25`.
    public var key: String
    /// What a reader is told: "MX set", "certificate fingerprint of mx1.example.org [192.0.2.1]:25".
    public var label: String
    /// The value in words, or nil when it could not be seen this time (the lookup or probe
    /// failed): "not seen" is not "removed".
    public var value: String?

    public init(key: String, label: String, value: String?) {
        self.key = key
        self.label = label
        self.value = value
    }
}
