/// A value bound to or read from the history's SQL, the same for SQLite and PostgreSQL.
enum SQLValue: Sendable, Equatable {
    case integer(Int64)
    case text(String)
    case blob([UInt8])
    case null

    var int: Int64? { if case .integer(let v) = self { return v } else { return nil } }
    var string: String? { if case .text(let v) = self { return v } else { return nil } }
    var bytes: [UInt8]? { if case .blob(let v) = self { return v } else { return nil } }

    init(_ value: Int?) { self = value.map { .integer(Int64($0)) } ?? .null }
    init(_ value: Int64?) { self = value.map { .integer($0) } ?? .null }
    init(_ value: String?) { self = value.map { .text($0) } ?? .null }
}
