/// A JSON document as a value, to strip and restore the facts' volatile fields (timings)
/// before they are compared and stored. Integers stay integers, so what is restored decodes
/// into the same FactSet.
indirect enum JSONValue: Codable, Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let v = try? container.decode(Bool.self) { self = .bool(v) }
        else if let v = try? container.decode(Int64.self) { self = .int(v) }
        else if let v = try? container.decode(Double.self) { self = .double(v) }
        else if let v = try? container.decode(String.self) { self = .string(v) }
        else if let v = try? container.decode([JSONValue].self) { self = .array(v) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let v): try container.encode(v)
        case .int(let v): try container.encode(v)
        case .double(let v): try container.encode(v)
        case .string(let v): try container.encode(v)
        case .array(let v): try container.encode(v)
        case .object(let v): try container.encode(v)
        }
    }

    /// Replaces the values of `keys` (at any depth) with a neutral value of the same kind,
    /// and returns what was there, in a fixed order (object keys sorted).
    mutating func strip(_ keys: Set<String>) -> [JSONValue] {
        var taken: [JSONValue] = []
        strip(keys, into: &taken)
        return taken
    }

    private mutating func strip(_ keys: Set<String>, into taken: inout [JSONValue]) {
        switch self {
        case .array(var items):
            for index in items.indices { items[index].strip(keys, into: &taken) }
            self = .array(items)
        case .object(var members):
            for key in members.keys.sorted() {
                if keys.contains(key) {
                    let value = members[key]!
                    taken.append(value)
                    members[key] = value.neutral
                } else {
                    members[key]!.strip(keys, into: &taken)
                }
            }
            self = .object(members)
        default: break
        }
    }

    /// Puts back what `strip` took (the same keys, the same order). False when the values
    /// do not fit (a stored record that does not belong to this document).
    mutating func restore(_ keys: Set<String>, _ values: [JSONValue]) -> Bool {
        var next = values.makeIterator()
        var fits = true
        restore(keys, from: &next, fits: &fits)
        return fits && next.next() == nil
    }

    private mutating func restore(_ keys: Set<String>, from next: inout IndexingIterator<[JSONValue]>, fits: inout Bool) {
        switch self {
        case .array(var items):
            for index in items.indices { items[index].restore(keys, from: &next, fits: &fits) }
            self = .array(items)
        case .object(var members):
            for key in members.keys.sorted() {
                if keys.contains(key) {
                    guard let value = next.next() else { fits = false; return }
                    members[key] = value
                } else {
                    members[key]!.restore(keys, from: &next, fits: &fits)
                }
            }
            self = .object(members)
        default: break
        }
    }

    private var neutral: JSONValue {
        switch self {
        case .int, .double: return .int(0)
        case .string: return .string("")
        case .bool: return .bool(false)
        default: return .null
        }
    }
}
