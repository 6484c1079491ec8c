/// Takes the volatile fields' values out of a compact JSON document, and puts them back,
/// working on the bytes: the facts are encoded once (JSONEncoder, sorted keys), and a
/// value of a key in `keys` (a scalar: number, string, true, false, null) is replaced by
/// `null` and kept, in document order. Linear in the document's size; no JSON tree is built
/// (Foundation's JSONSerialization with sorted keys sorts through ICU on Linux and cost
/// more than the audit itself).
enum VolatileFields {
    /// The document with each volatile scalar replaced by null, and the values taken out as
    /// a JSON array (their own bytes, in order).
    static func split(_ json: [UInt8], keys: Set<String>) -> (stable: [UInt8], values: [UInt8]) {
        var stable: [UInt8] = []
        stable.reserveCapacity(json.count)
        var values: [UInt8] = [UInt8(ascii: "[")]
        var first = true
        walk(json, keys: keys) { range, isVolatile in
            if isVolatile {
                if !first { values.append(UInt8(ascii: ",")) }
                first = false
                values += json[range]
                stable += Array("null".utf8)
            } else {
                stable += json[range]
            }
        }
        values.append(UInt8(ascii: "]"))
        return (stable, values)
    }

    /// The document with the values put back; nil when they do not fit (another count).
    static func join(_ stable: [UInt8], values: [UInt8], keys: Set<String>) -> [UInt8]? {
        guard let items = arrayItems(values) else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(stable.count + values.count)
        var next = 0
        var fits = true
        walk(stable, keys: keys) { range, isVolatile in
            if isVolatile {
                guard next < items.count else { fits = false; return }
                out += values[items[next]]
                next += 1
            } else {
                out += stable[range]
            }
        }
        return fits && next == items.count ? out : nil
    }

    /// Calls `emit` for consecutive ranges covering the whole document; a range is volatile
    /// when it is the scalar value of a key in `keys`.
    private static func walk(_ json: [UInt8], keys: Set<String>, emit: (Range<Int>, Bool) -> Void) {
        var index = 0
        var copiedUpTo = 0
        let count = json.count
        while index < count {
            let byte = json[index]
            guard byte == UInt8(ascii: "\"") else { index += 1; continue }
            // A string: find its end (escapes skipped), then see whether a ':' follows (a key).
            let start = index
            index += 1
            while index < count && json[index] != UInt8(ascii: "\"") {
                index += json[index] == UInt8(ascii: "\\") ? 2 : 1
            }
            let end = min(index, count)
            index = end + 1
            guard index < count, json[index] == UInt8(ascii: ":") else { continue }
            let key = String(decoding: json[(start + 1)..<end], as: UTF8.self)
            guard keys.contains(key) else { continue }
            let valueStart = index + 1
            guard valueStart < count else { continue }
            let valueEnd = scalarEnd(json, from: valueStart)
            guard let valueEnd else { continue }  // an object or array: left as it is
            emit(copiedUpTo..<valueStart, false)
            emit(valueStart..<valueEnd, true)
            copiedUpTo = valueEnd
            index = valueEnd
        }
        if copiedUpTo < count { emit(copiedUpTo..<count, false) }
    }

    /// Where the scalar starting at `from` ends; nil for an object or array.
    private static func scalarEnd(_ json: [UInt8], from: Int) -> Int? {
        var index = from
        let first = json[index]
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") { return nil }
        if first == UInt8(ascii: "\"") {
            index += 1
            while index < json.count && json[index] != UInt8(ascii: "\"") {
                index += json[index] == UInt8(ascii: "\\") ? 2 : 1
            }
            return min(index + 1, json.count)
        }
        while index < json.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]")].contains(json[index]) { index += 1 }
        return index
    }

    /// The ranges of a flat JSON array's items (scalars).
    private static func arrayItems(_ array: [UInt8]) -> [Range<Int>]? {
        guard array.first == UInt8(ascii: "["), array.last == UInt8(ascii: "]") else { return nil }
        var items: [Range<Int>] = []
        var index = 1
        let end = array.count - 1
        while index < end {
            guard let itemEnd = scalarEnd(array, from: index) else { return nil }
            items.append(index..<itemEnd)
            index = itemEnd
            if index < end {
                guard array[index] == UInt8(ascii: ",") else { return nil }
                index += 1
            }
        }
        return items
    }
}
