/// One watched fact that differs between two runs.
public struct FactChange: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case added, removed, changed
        /// Seen before, not seen this time (its lookup or probe failed): not "removed".
        case unseen
    }

    public var kind: Kind
    public var key: String
    public var label: String
    public var from: String?
    public var to: String?

    public init(kind: Kind, key: String, label: String, from: String?, to: String?) {
        self.kind = kind
        self.key = key
        self.label = label
        self.from = from
        self.to = to
    }
}
