public struct CELMapLiteralEntry: Sendable, Hashable {
    public var key: CELExpr
    public var value: CELExpr
}
