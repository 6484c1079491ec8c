import Foundation
import SwiftASN1

/// A DKIM key record at `<selector>._domainkey.<domain>` (RFC 6376 §3.6.1; ed25519 from
/// RFC 8463; RSA key sizes per RFC 8301). Tags are kept even when the record is invalid.
public struct DKIMKeyRecord: Sendable, Hashable {
    public enum KeyEncoding: String, Sendable, Hashable, Codable {
        case subjectPublicKeyInfo = "spki"
        /// A bare PKCS#1 RSAPublicKey, which many verifiers accept although RFC 6376 §3.6.1 asks for SPKI.
        case pkcs1 = "pkcs1"
        case raw
    }

    public let text: String
    /// Every tag as written (name lower-cased, value with folding white space removed).
    public private(set) var tags: [(name: String, value: String)] = []
    public private(set) var errors: [String] = []
    /// k=: rsa (the default) or ed25519.
    public private(set) var keyType = "rsa"
    /// h=: the hash algorithms allowed (unknown ones dropped); empty means all.
    public private(set) var hashAlgorithms: [String] = []
    /// s=: the service types as written; nil when the tag is absent (all services).
    public private(set) var serviceTypes: [String]?
    /// t=: the flags y (testing) and s (no subdomains); unknown ones dropped.
    public private(set) var flags: [String] = []
    /// p= is empty: the key is revoked (§3.6.1).
    public private(set) var revoked = false
    /// The size of the key: the RSA modulus in bits, or 256 for ed25519.
    public private(set) var bits: Int?
    public private(set) var encoding: KeyEncoding?
    /// The decoded public key bytes.
    public private(set) var keyData: [UInt8] = []

    public var isValid: Bool { errors.isEmpty }
    public var testing: Bool { flags.contains("y") }
    /// The key may verify e-mail signatures: s= is absent or names `*` or `email`
    /// (unknown types are ignored, §3.6.1, so `s=tlsrpt` alone excludes e-mail).
    public var usableForEmail: Bool { serviceTypes.map { $0.contains("*") || $0.contains("email") } ?? true }

    public static func == (lhs: DKIMKeyRecord, rhs: DKIMKeyRecord) -> Bool { lhs.text == rhs.text }
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }

    public init(_ text: String) {
        self.text = text
        parse()
    }

    private mutating func parse() {
        // tag-list (§3.2): tag=value pairs separated by ';', folding white space anywhere around.
        var seenNames = Set<String>()  // thousands of tags must not cost millions of comparisons
        for segment in text.split(separator: ";", omittingEmptySubsequences: false) {
            let item = segment.trimmingCharacters(in: .whitespacesAndNewlines)
            if item.isEmpty { continue }
            guard let equals = item.firstIndex(of: "=") else {
                errors.append("'\(item)' is not tag=value")
                continue
            }
            let name = item[..<equals].trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            let value = String(item[item.index(after: equals)...].filter { !$0.isWhitespace })
            guard seenNames.insert(name).inserted else {
                errors.append("tag '\(name)' appears twice (RFC 6376 §3.2)")
                continue
            }
            tags.append((name, value))
        }
        if let version = tags.first(where: { $0.name == "v" }) {
            if version.value != "DKIM1" { errors.append("v=\(version.value): the version must be DKIM1 (RFC 6376 §3.6.1)") }
            if tags.first?.name != "v" { errors.append("v= must be the first tag (RFC 6376 §3.6.1)") }
        }
        for (name, value) in tags {
            let list = value.split(separator: ":").map { $0.lowercased() }
            switch name {
            case "k": keyType = value.lowercased()
            case "h": hashAlgorithms = list.filter { ["sha1", "sha256"].contains($0) }
            case "s": serviceTypes = list
            case "t": flags = list.filter { ["y", "s"].contains($0) }
            default: break
            }
        }
        if !["rsa", "ed25519"].contains(keyType) {
            errors.append("k=\(keyType): the key type must be rsa or ed25519 (RFC 6376 §3.6.1, RFC 8463)")
        }
        guard let key = tags.first(where: { $0.name == "p" }) else {
            errors.append("p= (the public key) is missing")
            return
        }
        if key.value.isEmpty {
            revoked = true
            errors.append("p= is empty: the key is revoked (RFC 6376 §3.6.1)")
            return
        }
        guard let data = Data(base64Encoded: key.value) else {
            errors.append("p= is not valid base64")
            return
        }
        keyData = Array(data)
        if keyType == "ed25519" {
            // RFC 8463 §4.2: the raw 32-byte public key.
            guard keyData.count == 32 else {
                errors.append("p= holds \(keyData.count) bytes; an ed25519 key is 32 (RFC 8463 §4.2)")
                return
            }
            encoding = .raw
            bits = 256
        } else if keyType == "rsa" {
            guard let (encoding, bits) = Self.rsaKey(keyData) else {
                errors.append("p= is not an RSA public key (neither SubjectPublicKeyInfo nor PKCS#1 DER)")
                return
            }
            self.encoding = encoding
            self.bits = bits
        }
    }

    /// The encoding and modulus size of an RSA public key in DER.
    static func rsaKey(_ der: [UInt8]) -> (KeyEncoding, Int)? {
        guard let root = try? DER.parse(der), root.encodedBytes.count == der.count else { return nil }
        if let bits = modulusBits(root) { return (.pkcs1, bits) }
        // SubjectPublicKeyInfo: SEQUENCE { SEQUENCE { OID rsaEncryption, NULL }, BIT STRING }
        guard case .constructed(let children) = root.content else { return nil }
        let parts = Array(children)
        guard parts.count == 2, case .constructed(let algorithm) = parts[0].content,
              let oidNode = Array(algorithm).first,
              let oid = try? ASN1ObjectIdentifier(derEncoded: oidNode), oid.description == "1.2.840.113549.1.1.1",
              let key = try? ASN1BitString(derEncoded: parts[1]),
              let inner = try? DER.parse(Array(key.bytes)), let bits = modulusBits(inner) else { return nil }
        return (.subjectPublicKeyInfo, bits)
    }

    /// RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }: the modulus size.
    private static func modulusBits(_ node: ASN1Node) -> Int? {
        guard node.identifier == .sequence, case .constructed(let children) = node.content else { return nil }
        let parts = Array(children)
        guard parts.count == 2, parts.allSatisfy({ $0.identifier == .integer }),
              case .primitive(let modulus) = parts[0].content else { return nil }
        let significant = modulus.drop(while: { $0 == 0 })
        guard let first = significant.first else { return nil }
        return (significant.count - 1) * 8 + (8 - first.leadingZeroBitCount)
    }
}
