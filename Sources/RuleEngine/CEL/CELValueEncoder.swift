import Foundation

/// Encodes an Encodable value (a FactSet) straight into a CELValue: the same value that
/// JSONEncoder followed by decoding the JSON as a CELValue gives, without the JSON text in
/// between. Written by hand because no package on the mirror encodes to a value tree, and
/// the JSON round trip (whose decoding tries each type in turn and throws on every miss)
/// was a quarter of an audit's CPU once the probe facts were in.
///
/// Numbers follow the JSON round trip: a whole Double becomes an int (JSON writes `1.0` as
/// `1`), a UInt64 above Int64.max a double; nil optionals are left out (encodeIfPresent);
/// Data is base64 text, as JSONEncoder writes it.
public struct CELValueEncoder {
    public init() {}

    public func encode<T: Encodable>(_ value: T) throws -> CELValue {
        let node = Node()
        try Self.encode(value, into: node, path: [])
        return node.value
    }

    static func encode<T: Encodable>(_ value: T, into node: Node, path: [any CodingKey]) throws {
        switch value {
        case let data as Data: node.kind = .leaf(.string(data.base64EncodedString()))
        case let url as URL: node.kind = .leaf(.string(url.absoluteString))
        default: try value.encode(to: TreeEncoder(node: node, codingPath: path))
        }
    }

    static func number(_ value: Double) -> CELValue {
        if value.rounded() == value, abs(value) < 9.2e18 { return .int(Int64(value)) }
        return .double(value)
    }

    /// One value under construction.
    final class Node {
        enum Kind {
            case empty
            case leaf(CELValue)
            case map([String: Node])
            case list([Node])
        }
        var kind: Kind = .empty

        var value: CELValue {
            switch kind {
            case .empty: return .map([])
            case .leaf(let value): return value
            case .map(let entries):
                return .map(entries.sorted { $0.key < $1.key }.map { CELMapEntry(key: .string($0.key), value: $0.value.value) })
            case .list(let items): return .list(items.map(\.value))
            }
        }

        func child(_ key: String) -> Node {
            var entries: [String: Node] = [:]
            if case .map(let existing) = kind { entries = existing }
            if let found = entries[key] { return found }
            let node = Node()
            entries[key] = node
            kind = .map(entries)
            return node
        }

        func append() -> Node {
            var items: [Node] = []
            if case .list(let existing) = kind { items = existing }
            let node = Node()
            items.append(node)
            kind = .list(items)
            return node
        }

        var count: Int {
            if case .list(let items) = kind { return items.count }
            return 0
        }
    }

    struct TreeEncoder: Encoder {
        let node: Node
        var codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if case .map = node.kind {} else { node.kind = .map([:]) }
            return KeyedEncodingContainer(Keyed<Key>(node: node, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if case .list = node.kind {} else { node.kind = .list([]) }
            return Unkeyed(node: node, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(node: node, codingPath: codingPath) }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: Node
        var codingPath: [any CodingKey]

        func set(_ value: CELValue, _ key: Key) { node.child(key.stringValue).kind = .leaf(value) }
        mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
        mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
        mutating func encode(_ value: Double, forKey key: Key) throws { set(CELValueEncoder.number(value), key) }
        mutating func encode(_ value: Float, forKey key: Key) throws { set(CELValueEncoder.number(Double(value)), key) }
        mutating func encode(_ value: Int, forKey key: Key) throws { set(.int(Int64(value)), key) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { set(.int(Int64(value)), key) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { set(.int(Int64(value)), key) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { set(.int(Int64(value)), key) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { set(.int(value), key) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { set(unsigned(UInt64(value)), key) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { set(.int(Int64(value)), key) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { set(.int(Int64(value)), key) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { set(.int(Int64(value)), key) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { set(unsigned(value), key) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            try CELValueEncoder.encode(value, into: node.child(key.stringValue), path: codingPath + [key])
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            TreeEncoder(node: node.child(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            TreeEncoder(node: node.child(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder { TreeEncoder(node: node.child("super"), codingPath: codingPath) }
        mutating func superEncoder(forKey key: Key) -> any Encoder { TreeEncoder(node: node.child(key.stringValue), codingPath: codingPath + [key]) }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let node: Node
        var codingPath: [any CodingKey]
        var count: Int { node.count }

        func add(_ value: CELValue) { node.append().kind = .leaf(value) }
        mutating func encodeNil() throws { add(.null) }
        mutating func encode(_ value: Bool) throws { add(.bool(value)) }
        mutating func encode(_ value: String) throws { add(.string(value)) }
        mutating func encode(_ value: Double) throws { add(CELValueEncoder.number(value)) }
        mutating func encode(_ value: Float) throws { add(CELValueEncoder.number(Double(value))) }
        mutating func encode(_ value: Int) throws { add(.int(Int64(value))) }
        mutating func encode(_ value: Int8) throws { add(.int(Int64(value))) }
        mutating func encode(_ value: Int16) throws { add(.int(Int64(value))) }
        mutating func encode(_ value: Int32) throws { add(.int(Int64(value))) }
        mutating func encode(_ value: Int64) throws { add(.int(value)) }
        mutating func encode(_ value: UInt) throws { add(unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt8) throws { add(.int(Int64(value))) }
        mutating func encode(_ value: UInt16) throws { add(.int(Int64(value))) }
        mutating func encode(_ value: UInt32) throws { add(.int(Int64(value))) }
        mutating func encode(_ value: UInt64) throws { add(unsigned(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            try CELValueEncoder.encode(value, into: node.append(), path: codingPath)
        }
        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            TreeEncoder(node: node.append(), codingPath: codingPath).container(keyedBy: keyType)
        }
        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            TreeEncoder(node: node.append(), codingPath: codingPath).unkeyedContainer()
        }
        mutating func superEncoder() -> any Encoder { TreeEncoder(node: node.append(), codingPath: codingPath) }
    }

    struct Single: SingleValueEncodingContainer {
        let node: Node
        var codingPath: [any CodingKey]

        func set(_ value: CELValue) { node.kind = .leaf(value) }
        mutating func encodeNil() throws { set(.null) }
        mutating func encode(_ value: Bool) throws { set(.bool(value)) }
        mutating func encode(_ value: String) throws { set(.string(value)) }
        mutating func encode(_ value: Double) throws { set(CELValueEncoder.number(value)) }
        mutating func encode(_ value: Float) throws { set(CELValueEncoder.number(Double(value))) }
        mutating func encode(_ value: Int) throws { set(.int(Int64(value))) }
        mutating func encode(_ value: Int8) throws { set(.int(Int64(value))) }
        mutating func encode(_ value: Int16) throws { set(.int(Int64(value))) }
        mutating func encode(_ value: Int32) throws { set(.int(Int64(value))) }
        mutating func encode(_ value: Int64) throws { set(.int(value)) }
        mutating func encode(_ value: UInt) throws { set(unsigned(UInt64(value))) }
        mutating func encode(_ value: UInt8) throws { set(.int(Int64(value))) }
        mutating func encode(_ value: UInt16) throws { set(.int(Int64(value))) }
        mutating func encode(_ value: UInt32) throws { set(.int(Int64(value))) }
        mutating func encode(_ value: UInt64) throws { set(unsigned(value)) }
        mutating func encode<T: Encodable>(_ value: T) throws { try CELValueEncoder.encode(value, into: node, path: codingPath) }
    }
}

/// A UInt64 as the JSON round trip gives it: an int while it fits, else a double.
private func unsigned(_ value: UInt64) -> CELValue {
    value <= UInt64(Int64.max) ? .int(Int64(value)) : .double(Double(value))
}
