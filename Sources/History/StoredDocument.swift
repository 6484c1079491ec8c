import CompressNIO
import Crypto
import Foundation
import MailFacts
import NIOCore

/// How facts and findings are kept small: encoded as JSON with sorted keys, the facts'
/// volatile fields (timings, days to expiry, retry counts) taken out and kept apart,
/// deflated (zlib), and stored once per distinct content (by SHA-256), so a domain whose
/// records did not change adds a row and no new document.
enum StoredDocument {
    /// The FactSet fields that change from run to run without anything changing in DNS or
    /// on the servers, as the fact types declare them (`FactVolatility`). They are stored per
    /// domain-run, beside the shared document.
    static let volatileFacts: Set<String> = FactVolatility.fieldNames

    struct Packed {
        var digest: String
        var deflated: [UInt8]
        var size: Int
    }

    /// A document's canonical bytes, deflated, and their digest.
    static func pack(_ canonical: Data, kind: String) throws -> Packed {
        let digest = SHA256.hash(data: Data(kind.utf8) + [0] + canonical).map { String(format: "%02x", $0) }.joined()
        return Packed(digest: digest, deflated: try deflate(canonical), size: canonical.count)
    }

    static func canonical<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(value)
    }

    /// Facts without their volatile fields (their values replaced by null), and those values
    /// in document order, as a JSON array (`VolatileFields`). `json` is the canonical encoding.
    static func splitFacts(_ json: Data) -> (stable: Data, volatile: Data) {
        let (stable, values) = VolatileFields.split([UInt8](json), keys: volatileFacts)
        return (Data(stable), Data(values))
    }

    /// The facts as they were: `volatile` put back into `stable`. Nil when they do not fit.
    static func joinFacts(stable: Data, volatile: Data) -> Data? {
        VolatileFields.join([UInt8](stable), values: [UInt8](volatile), keys: volatileFacts).map { Data($0) }
    }

    static func deflate(_ data: Data) throws -> [UInt8] {
        var buffer = ByteBuffer(bytes: data)
        var out = try buffer.compress(with: .deflate())
        return out.readBytes(length: out.readableBytes) ?? []
    }

    static func inflate(_ bytes: [UInt8]) throws -> Data {
        var buffer = ByteBuffer(bytes: bytes)
        // A corrupt or hostile document cannot make it grow without bound.
        var out = try buffer.decompress(with: .deflate(), maxSize: 64 << 20)
        return Data(out.readBytes(length: out.readableBytes) ?? [])
    }
}

extension RunHistory {
    /// SHA-256 of the texts, in order, as hex (the rules digest of a run).
    public static func digest(_ texts: [String]) -> String {
        var hash = SHA256()
        for text in texts {
            hash.update(data: Data(text.utf8))
            hash.update(data: Data([0]))
        }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
