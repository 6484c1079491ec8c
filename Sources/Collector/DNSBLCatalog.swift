import Foundation
import MailFacts
import NetworkSupport
import Yams

/// How to read the answers of DNS lists: which A-record codes of a list are listings and
/// what they mean, which refuse the query, and the list's test entries. The known lists
/// come from data/dnsbl-lists.yaml (compiled in); `--dnsbl-lists FILE` adds or overrides.
/// Read by hand from the YAML nodes (not Codable) so that an unknown key, a bad code or a
/// missing field is an error with its file and line, never silently ignored.
public struct DNSBLCatalog: Sendable {
    /// One list's entry.
    public struct List: Sendable {
        public var name: String
        public var zones: [String]
        /// Zones asked with the user's data-feed key as a label in front
        /// (`KEY.zen.dq.spamhaus.net`): reports show the key as `<key>`, never the key itself.
        public var keyedZones: [String]
        /// Nil for an entry that covers lists of both kinds (`kind: any`, a provider's catch-all).
        public var kind: DNSBLListKind?
        public var lookupPage: String?
        public var listed: [Code]
        /// Bit (a power of two) of the last octet → meaning, for lists that add bits (URIBL).
        public var bits: [(bit: Int, meaning: String)]
        public var refused: [Code]
        public var refusalAdvice: String?
        /// The entry that must be listed and the one that must not (RFC 5782 §5); nil: the
        /// RFC's (127.0.0.2 and 127.0.0.1, `test` and `invalid`).
        public var testListed: String?
        public var testUnlisted: String?
    }

    /// A code or a prefix of codes (`127.255.255.0/24`) and its meaning.
    public struct Code: Sendable {
        public var network: IPAddress
        public var prefix: Int
        public var meaning: String

        func matches(_ address: IPAddress) -> Bool { address.isIPv4 && address.isIn(network, prefix: prefix) }
    }

    public var lists: [List]

    /// The lists of data/dnsbl-lists.yaml. Its text is checked by a test, so the parse cannot fail here.
    public static let builtin: DNSBLCatalog = {
        do { return try parse(DNSBLListData.text, file: "data/dnsbl-lists.yaml") } catch { fatalError("data/dnsbl-lists.yaml: \(error)") }
    }()

    /// The built-in lists with those of `path` in front (an entry there wins for its zones).
    public static func builtin(adding path: String?) throws(DNSBLCatalogError) -> DNSBLCatalog {
        guard let path else { return builtin }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw DNSBLCatalogError(file: path, line: 0, message: "cannot read the file")
        }
        let own = try parse(text, file: path)
        return DNSBLCatalog(lists: own.lists + builtin.lists)
    }

    /// The entry for `zone`: the one naming it, or naming the longest zone it ends in (a
    /// data-feed key in front: `KEY.zen.dq.spamhaus.net`). Nil for a list the data does not know.
    /// Refusal codes and refusal advice come also from the broader entries the zone falls
    /// under (a provider's catch-all), so they are written once per provider.
    public func list(for zone: String) -> List? {
        guard var list = match(zone)?.list else { return nil }
        let normal = Self.normal(zone)
        for broader in lists where broader.zones.contains(where: { normal == $0 || normal.hasSuffix("." + $0) })
            || broader.keyedZones.contains(where: { normal == $0 || normal.hasSuffix("." + $0) }) {
            list.refused += broader.refused.filter { code in !list.refused.contains { $0.network == code.network && $0.prefix == code.prefix } }
            list.refusalAdvice = list.refusalAdvice ?? broader.refusalAdvice
        }
        return list
    }

    /// `zone` as reports show it: a data-feed key in front of a keyed zone replaced by `<key>`
    /// (a report that is passed on must not hand out the credential).
    public func display(_ zone: String) -> String {
        let zone = Self.normal(zone)
        // Keyed when any entry names a zone it ends in as keyed (a user's entry that lists the
        // same zone plainly must not bring the key back).
        let keyed = lists.contains { $0.keyedZones.contains { zone.hasSuffix("." + $0) } }
        guard keyed, let dot = zone.firstIndex(of: ".") else { return zone }
        return "<key>" + zone[dot...]
    }

    /// The entry for `zone`: the one naming the longest zone it is or ends in (the first
    /// entry wins a tie, so a `--dnsbl-lists` entry wins over the shipped one).
    private func match(_ zone: String) -> (list: List, known: String)? {
        let zone = Self.normal(zone)
        var best: (list: List, known: String)?
        for list in lists {
            for known in list.zones + list.keyedZones where zone == known || zone.hasSuffix("." + known) {
                if best == nil || known.count > best!.known.count { best = (list, known) }
            }
        }
        return best
    }

    /// What one A record of a list's answer means. Outside 127.0.0.0/8 no list answers (RFC
    /// 5782 §2.1 codes are loopback addresses); a refusal code is never a listing; any other
    /// code is a listing (§2.1), with the meaning the data gives it, if any. 127.255.255.0/24
    /// is a refusal from any list, known or not (`refusalRange`).
    public static func decode(_ text: String, list: List?) -> DNSBLCodeFact {
        guard let address = IPAddress(text), address.isIPv4, address.bytes[0] == 127 else {
            return DNSBLCodeFact(address: text, kind: .unexpectedAnswer, meaning: "not a list's code (outside 127.0.0.0/8)")
        }
        // The most specific match first: an exact code before its prefix.
        func best(_ codes: [Code]) -> Code? { codes.filter { $0.matches(address) }.max { $0.prefix < $1.prefix } }
        if let refusal = best(list?.refused ?? []) { return DNSBLCodeFact(address: text, kind: .refused, meaning: refusal.meaning) }
        if address.bytes[1] == 255 && address.bytes[2] == 255 {
            return DNSBLCodeFact(address: text, kind: .refused, meaning: refusalRangeMeaning)
        }
        guard let list else { return DNSBLCodeFact(address: text, kind: .listed) }
        if let listing = best(list.listed) { return DNSBLCodeFact(address: text, kind: .listed, meaning: listing.meaning) }
        let last = Int(address.bytes[3])
        let meanings = list.bits.filter { last & $0.bit != 0 }.map(\.meaning)
        return DNSBLCodeFact(address: text, kind: .listed, meaning: meanings.isEmpty ? nil : meanings.joined(separator: "; "))
    }

    /// 127.255.255.0/24 is where lists put their refusals (Spamhaus's 127.255.255.252–255,
    /// Abusix, SURBL and others alike): an answer there is never a listing, whatever the list,
    /// and a list whose test entries are answered there refuses, it does not list everything.
    static let refusalRangeMeaning = "a refusal: lists answer in 127.255.255.0/24 when they refuse a query (too many queries, a public resolver, a wrong zone name)"

    public static func normal(_ zone: String) -> String {
        var zone = zone.lowercased()
        while zone.hasSuffix(".") { zone.removeLast() }
        return zone
    }

    static let listKeys: Set<String> = ["name", "zones", "keyedZones", "kind", "lookupPage", "listed", "bits", "refused", "refusalAdvice",
                                        "testListed", "testUnlisted"]

    /// The lists of a data file.
    public static func parse(_ text: String, file: String) throws(DNSBLCatalogError) -> DNSBLCatalog {
        func error(_ node: Node?, _ message: String) -> DNSBLCatalogError {
            DNSBLCatalogError(file: file, line: node?.mark?.line ?? 1, message: message)
        }
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch { throw DNSBLCatalogError(file: file, line: 1, message: "not valid YAML: \(error)") }
        guard let top = root?.mapping, let listNodes = top["lists"]?.sequence else {
            throw error(root, "the file is a mapping with 'lists', a list of DNS lists")
        }
        for key in top.keys where key.string != "lists" { throw error(key, "unknown key '\(key.string ?? "?")' (expected lists)") }
        var lists: [List] = []
        for node in listNodes {
            guard let mapping = node.mapping else { throw error(node, "each list is a mapping (name, zones, kind, ...)") }
            for key in mapping.keys where !listKeys.contains(key.string ?? "") {
                throw error(key, "unknown key '\(key.string ?? "?")' (expected \(listKeys.sorted().joined(separator: ", ")))")
            }
            func text(_ key: String) throws(DNSBLCatalogError) -> String? {
                guard let value = mapping[key] else { return nil }
                guard let string = value.scalar?.string, !string.isEmpty else { throw error(value, "'\(key)' must be text") }
                return string
            }
            guard let name = try text("name") else { throw error(node, "a list has no 'name'") }
            func zoneList(_ key: String) throws(DNSBLCatalogError) -> [String] {
                guard let value = mapping[key] else { return [] }
                guard let zoneNodes = value.sequence else { throw error(value, "\(name): '\(key)' must be a list of zones") }
                var zones: [String] = []
                for zoneNode in zoneNodes {
                    guard let zone = zoneNode.scalar?.string, (try? DomainName(zone)) != nil else {
                        throw error(zoneNode, "\(name): '\(zoneNode.scalar?.string ?? "?")' is not a zone name")
                    }
                    zones.append(normal(zone))
                }
                return zones
            }
            let zones = try zoneList("zones"), keyedZones = try zoneList("keyedZones")
            guard !zones.isEmpty || !keyedZones.isEmpty else { throw error(node, "\(name): 'zones' must be a list of zones") }
            // `any`: a provider's catch-all, for lists of both kinds.
            guard let kindText = try text("kind"), kindText == "any" || DNSBLListKind(rawValue: kindText) != nil else {
                throw error(mapping["kind"] ?? node, "\(name): 'kind' must be ip, domain or any")
            }
            let kind = DNSBLListKind(rawValue: kindText)
            if kind == nil, mapping["testListed"] != nil || mapping["testUnlisted"] != nil {
                throw error(node, "\(name): a list of kind any has the test entries of the option it is named with; give no testListed or testUnlisted")
            }
            func codes(_ key: String) throws(DNSBLCatalogError) -> [Code] {
                guard let value = mapping[key] else { return [] }
                guard let entries = value.mapping else { throw error(value, "\(name): '\(key)' maps codes (127.0.0.2 or 127.255.255.0/24) to their meaning") }
                var result: [Code] = []
                for (codeNode, meaningNode) in entries {
                    let code = codeNode.string ?? ""
                    let parts = code.split(separator: "/", maxSplits: 1).map(String.init)
                    guard let network = parts.first.flatMap(IPAddress.init), network.isIPv4,
                          let prefix = parts.count == 2 ? Int(parts[1]) : 32, (8...32).contains(prefix) else {
                        throw error(codeNode, "\(name): \(key): '\(code)' is not an IPv4 code or code/prefix")
                    }
                    guard let meaning = meaningNode.scalar?.string, !meaning.isEmpty else { throw error(meaningNode, "\(name): \(key): \(code) has no meaning") }
                    result.append(Code(network: network, prefix: prefix, meaning: meaning))
                }
                return result
            }
            var bits: [(bit: Int, meaning: String)] = []
            if let value = mapping["bits"] {
                guard let entries = value.mapping else { throw error(value, "\(name): 'bits' maps bits of the last octet (2, 4, 8, ...) to their meaning") }
                for (bitNode, meaningNode) in entries {
                    guard let bit = bitNode.int, [1, 2, 4, 8, 16, 32, 64, 128].contains(bit) else {
                        throw error(bitNode, "\(name): bits: '\(bitNode.string ?? "?")' is not a bit of an octet (1, 2, 4, ... 128)")
                    }
                    guard let meaning = meaningNode.scalar?.string, !meaning.isEmpty else { throw error(meaningNode, "\(name): bits: \(bit) has no meaning") }
                    bits.append((bit, meaning))
                }
            }
            let testListed = try text("testListed"), testUnlisted = try text("testUnlisted")
            if kind == .ip {
                for (key, entry) in [("testListed", testListed), ("testUnlisted", testUnlisted)] where entry != nil && IPAddress(entry!) == nil {
                    throw error(mapping[key], "\(name): '\(key)' must be an IP address for an ip list")
                }
            }
            lists.append(List(name: name, zones: zones, keyedZones: keyedZones, kind: kind, lookupPage: try text("lookupPage"), listed: try codes("listed"), bits: bits,
                              refused: try codes("refused"), refusalAdvice: try text("refusalAdvice"),
                              testListed: testListed, testUnlisted: testUnlisted))
        }
        return DNSBLCatalog(lists: lists)
    }
}
