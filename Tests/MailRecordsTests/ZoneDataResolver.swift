@testable import MailRecords
import NetworkSupport

/// The DNS of one scenario of the OpenSPF test suite, built from its `zonedata` with the
/// suite driver's semantics (conformance/spf/SOURCES.md): a missing name is NXDOMAIN,
/// `TIMEOUT` makes a query for the name time out when the name has no record of the asked
/// type (so `spftimeout`, with TXT data and TIMEOUT, answers TXT queries), `SPF` records are also TXT records
/// unless the name has TXT data (`TXT: NONE` only blocks that copy), a list is one record
/// of several strings, `MX: [pref, host]`.
struct ZoneDataResolver: SPFResolver {
    enum Record: Sendable {
        case txt([String]), a(String), aaaa(String), mx(String), ptr(String), cname(String)
    }

    private var names: [String: [Record]] = [:]
    private var timeouts: Set<String> = []

    init(_ zonedata: [String: Any]) {
        for (rawName, value) in zonedata {
            let name = Self.key(rawName)
            var records: [Record] = []
            var spf: [[String]] = []
            var txt: [[String]] = []
            var txtBlocked = false
            for entry in value as? [Any] ?? [] {
                if let word = entry as? String, word == "TIMEOUT" { timeouts.insert(name); continue }
                guard let dict = entry as? [String: Any] else { continue }
                for (type, data) in dict {
                    switch type {
                    case "SPF": spf.append(Self.strings(data))
                    case "TXT":
                        if let text = data as? String, text == "NONE" { txtBlocked = true } else { txt.append(Self.strings(data)) }
                    case "A": records.append(.a(data as? String ?? ""))
                    case "AAAA": records.append(.aaaa(data as? String ?? ""))
                    case "PTR": records.append(.ptr(data as? String ?? ""))
                    case "CNAME": records.append(.cname(data as? String ?? ""))
                    case "MX":
                        if let pair = data as? [Any], pair.count == 2 { records.append(.mx(pair[1] as? String ?? "")) }
                    default: break
                    }
                }
            }
            let texts = txt.isEmpty && !txtBlocked ? spf : txt
            records += texts.map { .txt($0) }
            names[name] = records
        }
    }

    private static func strings(_ data: Any) -> [String] {
        if let text = data as? String { return [Self.utf8Bytes(text)] }
        if let list = data as? [Any] { return list.map { Self.utf8Bytes($0 as? String ?? "") } }
        return []
    }

    /// The JSON copy turns YAML \x escapes into U+0080..U+00FF; the suite's driver hands them
    /// to the resolver UTF-8 encoded, which is what a String holds already.
    private static func utf8Bytes(_ text: String) -> String { text }

    static func key(_ name: String) -> String {
        var lowered = name.lowercased()
        if lowered.hasSuffix(".") { lowered.removeLast() }
        return lowered
    }

    private func records(_ name: String) -> RecordLookup<[Record]> {
        var current = Self.key(name)
        var seen: Set<String> = []
        while true {
            guard let records = names[current] else { return timeouts.contains(current) ? .failed("timeout") : .nxdomain }
            if case .cname(let target)? = records.first(where: { if case .cname = $0 { return true } else { return false } }) {
                guard seen.insert(current).inserted, seen.count < 10 else { return .failed("CNAME loop") }
                current = Self.key(target)
                continue
            }
            return .found(records)
        }
    }

    private func select<T>(_ name: String, _ pick: (Record) -> T?) -> RecordLookup<[T]> {
        switch records(name) {
        case .found(let records):
            let values = records.compactMap(pick)
            if values.isEmpty && timeouts.contains(Self.key(name)) { return .failed("timeout") }
            return values.isEmpty ? .nodata : .found(values)
        case .nodata: return .nodata
        case .nxdomain: return .nxdomain
        case .failed(let reason): return .failed(reason)
        }
    }

    func txt(_ name: String) async -> RecordLookup<[String]> {
        select(name) { if case .txt(let strings) = $0 { return strings.joined() } else { return nil } }
    }

    func addresses(_ name: String, ipv6: Bool) async -> RecordLookup<[IPAddress]> {
        select(name) { record in
            switch record {
            case .a(let text) where !ipv6: return IPAddress(text)
            case .aaaa(let text) where ipv6: return IPAddress(text)
            default: return nil
            }
        }
    }

    func mx(_ name: String) async -> RecordLookup<[String]> {
        select(name) { if case .mx(let host) = $0 { return host } else { return nil } }
    }

    func ptr(_ address: IPAddress) async -> RecordLookup<[String]> {
        select(address.reverseName) { if case .ptr(let host) = $0 { return host } else { return nil } }
    }
}
