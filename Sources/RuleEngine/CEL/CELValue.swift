import Foundation

/// A value in the expression language (the CEL subset of docs/extending.md, "Expressions"): what facts become
/// when rules look at them, and what expressions compute.
public indirect enum CELValue: Sendable, Hashable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    case list([CELValue])
    /// Entries in insertion order; keys are unique.
    case map([CELMapEntry])
    case type(String)

    public var typeName: String {
        switch self {
        case .null: return "null_type"
        case .bool: return "bool"
        case .int: return "int"
        case .uint: return "uint"
        case .double: return "double"
        case .string: return "string"
        case .bytes: return "bytes"
        case .list: return "list"
        case .map: return "map"
        case .type: return "type"
        }
    }

    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return String(value)
        case .int(let value): return String(value)
        case .uint(let value): return "\(value)u"
        case .double(let value): return String(value)
        case .string(let value): return value
        case .bytes(let value): return "b'" + String(decoding: value, as: UTF8.self) + "'"
        case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .map(let entries): return "{" + entries.map { "\($0.key.description): \($0.value.description)" }.joined(separator: ", ") + "}"
        case .type(let name): return name
        }
    }

    /// The value at `key` of a map; nil when absent or not a map.
    public func lookup(_ key: CELValue) -> CELValue? {
        guard case .map(let entries) = self else { return nil }
        return entries.first { CELValue.equal($0.key, key) == true }?.value
    }

    /// CEL equality: numbers compare across int, uint and double by value; other kinds
    /// compare within their kind. nil means the comparison has no overload (an error).
    public static func equal(_ lhs: CELValue, _ rhs: CELValue) -> Bool? {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        // Code points, not canonical equivalence: CEL does not normalise strings.
        case (.string(let a), .string(let b)): return a.unicodeScalars.elementsEqual(b.unicodeScalars)
        case (.bytes(let a), .bytes(let b)): return a == b
        case (.type(let a), .type(let b)): return a == b
        case (.list(let a), .list(let b)):
            guard a.count == b.count else { return false }
            for (x, y) in zip(a, b) { if equal(x, y) != true { return false } }
            return true
        case (.map(let a), .map(let b)):
            guard a.count == b.count else { return false }
            for entry in a {
                guard let other = rhs.lookup(entry.key), equal(entry.value, other) == true else { return false }
            }
            return true
        default:
            // Numbers compare by value across kinds; values of different kinds are unequal.
            return numericOrder(lhs, rhs).map { $0 == .orderedSame } ?? false
        }
    }

    var isNumber: Bool {
        switch self {
        case .int, .uint, .double: return true
        default: return false
        }
    }

    /// Ordering of two numbers of any numeric kinds, exact for int/uint; nil for non-numbers
    /// or NaN.
    static func numericOrder(_ lhs: CELValue, _ rhs: CELValue) -> ComparisonResult? {
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)): return a < b ? .orderedAscending : a > b ? .orderedDescending : .orderedSame
        case (.uint(let a), .uint(let b)): return a < b ? .orderedAscending : a > b ? .orderedDescending : .orderedSame
        case (.int(let a), .uint(let b)):
            if a < 0 { return .orderedAscending }
            return numericOrder(.uint(UInt64(a)), .uint(b))
        case (.uint, .int): return numericOrder(rhs, lhs).map(reversed)
        case (.double(let a), .double(let b)):
            if a.isNaN || b.isNaN { return nil }
            return a < b ? .orderedAscending : a > b ? .orderedDescending : .orderedSame
        // int and uint meet double as doubles (the CEL spec's comparison, lossy at 2^63).
        case (.double(let a), .int(let b)): return doubleVersus(a, Double(b))
        case (.int, .double): return numericOrder(rhs, lhs).map(reversed)
        case (.double(let a), .uint(let b)): return doubleVersus(a, Double(b))
        case (.uint, .double): return numericOrder(rhs, lhs).map(reversed)
        default: return nil
        }
    }

    private static func doubleVersus(_ a: Double, _ b: Double) -> ComparisonResult? {
        if a.isNaN { return nil }
        return a < b ? .orderedAscending : a > b ? .orderedDescending : .orderedSame
    }

    private static func reversed(_ order: ComparisonResult) -> ComparisonResult {
        switch order {
        case .orderedAscending: return .orderedDescending
        case .orderedDescending: return .orderedAscending
        case .orderedSame: return .orderedSame
        }
    }
}

extension CELValue: Decodable {
    /// Facts arrive as JSON (a FactSet encoded by JSONEncoder): objects become maps with
    /// string keys, whole numbers ints, other numbers doubles.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([CELValue].self) {
            self = .list(value)
        } else {
            let object = try container.decode([String: CELValue].self)
            self = .map(object.sorted { $0.key < $1.key }.map { CELMapEntry(key: .string($0.key), value: $0.value) })
        }
    }
}
