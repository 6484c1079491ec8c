import Foundation
import Testing
@testable import History

/// The byte-level split of a document's volatile values: keys inside strings, escapes,
/// nested objects and arrays, and a document that does not fit its values.
@Suite("Volatile fields of stored facts")
struct VolatileFieldsTests {
    static let keys: Set<String> = ["milliseconds", "collectedAt", "reused"]

    @Test("values are taken out and put back exactly; text that only looks like a key is left alone")
    func roundTrip() throws {
        let document = #"{"a":{"milliseconds":12.5,"note":"\"milliseconds\":99","reused":true},"collectedAt":"2026-11-29T00:00:00Z","list":[{"milliseconds":1},{"milliseconds":{"x":1}}],"z":"a\\"}"#
        let (stable, values) = VolatileFields.split(Array(document.utf8), keys: Self.keys)
        let stableText = String(decoding: stable, as: UTF8.self)
        #expect(stableText == #"{"a":{"milliseconds":null,"note":"\"milliseconds\":99","reused":null},"collectedAt":null,"list":[{"milliseconds":null},{"milliseconds":{"x":1}}],"z":"a\\"}"#)
        #expect(String(decoding: values, as: UTF8.self) == #"[12.5,true,"2026-11-29T00:00:00Z",1]"#)
        #expect(try JSONSerialization.jsonObject(with: Data(stable)) is [String: Any], "the stable part is JSON")
        let joined = try #require(VolatileFields.join(stable, values: values, keys: Self.keys))
        #expect(String(decoding: joined, as: UTF8.self) == document)
        // Two documents that differ only in volatile values have the same stable part.
        let other = document.replacingOccurrences(of: "12.5", with: "7").replacingOccurrences(of: "2026-11-29", with: "2030-01-01")
        #expect(VolatileFields.split(Array(other.utf8), keys: Self.keys).stable == stable)
        #expect(VolatileFields.join(stable, values: Array("[1,2]".utf8), keys: Self.keys) == nil, "too few values do not fit")
        #expect(VolatileFields.join(stable, values: Array("[1,2,3,4,5]".utf8), keys: Self.keys) == nil, "too many values do not fit")
    }
}
