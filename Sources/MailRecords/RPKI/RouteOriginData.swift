import Foundation
import NetworkSupport

/// Offline routing data for RFC 6811 route origin validation: validated ROA payloads (VRPs)
/// from an RPKI validator's JSON (Routinator `vrps -f json`, rpki-client `-j`), and a
/// prefix-to-origin table (CAIDA's pfx2as: `prefix<TAB>length<TAB>AS[_AS|,AS]`). Both are
/// indexed by prefix, so a lookup is at most 33 (IPv4) or 129 (IPv6) dictionary reads.
public struct RouteOriginData: Sendable {
    public struct VRP: Sendable, Hashable, CustomStringConvertible {
        public let prefix: IPPrefix
        public let maxLength: Int
        public let asn: UInt32
        public var description: String { "\(prefix)-\(maxLength) AS\(asn)" }
    }

    /// What one file held, and when it was made.
    public struct Source: Sendable {
        public let path: String
        /// From the file's metadata (the validator's generation time), else its modification time.
        public let generated: Date?
        public let generatedFrom: String
        public let entries: Int
    }

    /// RFC 6811 §2: an address's route and its validation state.
    public struct Validation: Sendable {
        /// The most specific announced prefix holding the address, and its origins.
        public let route: IPPrefix?
        public let origins: [UInt32]
        /// `valid`, `invalid`, `not-found` (no VRP covers the route), `unrouted` (no route
        /// holds the address), or `not-checked` (no VRPs were given).
        public let state: String
        /// The VRPs that cover the route.
        public let covering: [VRP]
    }

    public let vrpSource: Source?
    public let routeSource: Source
    private let vrps: [IPPrefix: [VRP]]
    private let routes: [IPPrefix: [UInt32]]

    public init(vrps path: String?, routes routePath: String) throws(RPKIDataError) {
        var vrpIndex: [IPPrefix: [VRP]] = [:]
        if let path {
            let (list, generated, from) = try Self.readVRPs(path)
            for vrp in list { vrpIndex[vrp.prefix, default: []].append(vrp) }
            vrpSource = Source(path: path, generated: generated, generatedFrom: from, entries: list.count)
        } else {
            vrpSource = nil
        }
        vrps = vrpIndex
        let (table, generated) = try Self.readRoutes(routePath)
        routes = table
        routeSource = Source(path: routePath, generated: generated, generatedFrom: "the file's modification time", entries: table.count)
    }

    /// RFC 6811 §2: the route is the longest announced prefix holding the address. Valid when
    /// a covering VRP has the route's origin and a maxLength of at least its length; invalid
    /// when VRPs cover it but none matches; not found when none covers it.
    public func validate(_ address: IPAddress) -> Validation {
        let bits = address.bytes.count * 8
        var route: IPPrefix?
        var origins: [UInt32] = []
        for length in stride(from: bits, through: 0, by: -1) {
            let prefix = IPPrefix(address, length: length)
            if let found = routes[prefix] { route = prefix; origins = found; break }
        }
        guard let route else { return Validation(route: nil, origins: [], state: "unrouted", covering: []) }
        guard vrpSource != nil else { return Validation(route: route, origins: origins, state: "not-checked", covering: []) }
        var covering: [VRP] = []
        for length in 0...route.length {
            covering += vrps[IPPrefix(address, length: length)] ?? []
        }
        if covering.isEmpty { return Validation(route: route, origins: origins, state: "not-found", covering: []) }
        // Each announced (prefix, origin) pair is validated on its own: a route that two ASes
        // announce is invalid when either pair is (a hijack beside the rightful origin). An
        // AS_SET is origin NONE (0 here), which no VRP matches (RFC 6811 §2).
        let valid = origins.allSatisfy { origin in
            covering.contains { vrp in vrp.asn != 0 && origin != 0 && vrp.asn == origin && route.length <= vrp.maxLength }
        }
        return Validation(route: route, origins: origins, state: valid ? "valid" : "invalid", covering: covering)
    }

    // MARK: - Reading

    static func readVRPs(_ path: String) throws(RPKIDataError) -> ([VRP], Date?, String) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RPKIDataError("\(path): cannot read the file")
        }
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any], let roas = root["roas"] as? [[String: Any]] else {
            throw RPKIDataError("\(path): not the JSON of an RPKI validator (an object with a \"roas\" list, as Routinator's vrps -f json and rpki-client -j write)")
        }
        var list: [VRP] = []
        list.reserveCapacity(roas.count)
        for (index, roa) in roas.enumerated() {
            guard let text = roa["prefix"] as? String, let prefix = IPPrefix(parsing: text) else {
                throw RPKIDataError("\(path): roas[\(index)]: no prefix, or not an IP prefix")
            }
            let asn: UInt32?
            if let number = roa["asn"] as? Int { asn = UInt32(exactly: number) }
            else if let string = roa["asn"] as? String { asn = UInt32(string.uppercased().hasPrefix("AS") ? String(string.dropFirst(2)) : string) }
            else { asn = nil }
            guard let asn else { throw RPKIDataError("\(path): roas[\(index)]: no AS number") }
            let maxLength = (roa["maxLength"] as? Int) ?? prefix.length
            guard maxLength >= prefix.length, maxLength <= prefix.bytes.count * 8 else {
                throw RPKIDataError("\(path): roas[\(index)]: maxLength \(maxLength) does not fit \(text)")
            }
            list.append(VRP(prefix: prefix, maxLength: maxLength, asn: asn))
        }
        // Routinator: metadata.generated (seconds since 1970); rpki-client: metadata.buildtime (ISO 8601).
        let metadata = root["metadata"] as? [String: Any] ?? [:]
        if let seconds = metadata["generated"] as? Double { return (list, Date(timeIntervalSince1970: seconds), "metadata.generated") }
        for key in ["buildtime", "generatedTime"] {
            if let text = metadata[key] as? String, let date = ISO8601DateFormatter().date(from: text) { return (list, date, "metadata.\(key)") }
        }
        let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
        return (list, modified, "the file's modification time (no metadata.generated or buildtime)")
    }

    static func readRoutes(_ path: String) throws(RPKIDataError) -> ([IPPrefix: [UInt32]], Date?) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RPKIDataError("\(path): cannot read the file")
        }
        var table: [IPPrefix: [UInt32]] = [:]
        for (index, raw) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let line = String(decoding: raw, as: UTF8.self).trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            let fields = line.split(whereSeparator: { $0 == "\t" || $0 == " " })
            guard fields.count >= 3, let address = IPAddress(String(fields[0])), let length = Int(fields[1]),
                  length >= 0, length <= address.bytes.count * 8 else {
                throw RPKIDataError("\(path):\(index + 1): not 'prefix<TAB>length<TAB>AS' (CAIDA pfx2as)")
            }
            // `a_b`: announced by each (multi-origin); `a,b`: an AS_SET, whose origin is NONE.
            let origins: [UInt32] = fields[2].split(separator: "_").compactMap { part in
                part.contains(",") ? 0 : UInt32(part)
            }
            guard !origins.isEmpty else { throw RPKIDataError("\(path):\(index + 1): no origin AS number") }
            table[IPPrefix(address, length: length), default: []] += origins
        }
        let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
        return (table, modified)
    }
}
