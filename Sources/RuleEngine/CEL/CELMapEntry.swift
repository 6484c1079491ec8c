import Foundation

public struct CELMapEntry: Sendable, Hashable {
    public var key: CELValue
    public var value: CELValue

    public init(key: CELValue, value: CELValue) {
        self.key = key
        self.value = value
    }
}
