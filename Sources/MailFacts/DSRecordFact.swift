/// One DS record: the key tag and algorithm of the key it names, and its digest type.
public struct DSRecordFact: Codable, Sendable, Equatable {
    public var keyTag: Int
    public var algorithm: Int
    public var digestType: Int

    public init(keyTag: Int, algorithm: Int, digestType: Int) {
        self.keyTag = keyTag
        self.algorithm = algorithm
        self.digestType = digestType
    }
}
