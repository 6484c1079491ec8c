import CLDNS
import Foundation

/// The records of a zone file (RFC 1035 §5), parsed by ldns: `--zone-file`, a zone audited
/// before it is loaded on any server. `$ORIGIN` and `$TTL` are followed; `$INCLUDE` is refused
/// (an audit reads one file, named on the command line, and nothing it names); the file is
/// bounded in size and in records.
public struct ZoneFile: Sendable {
    /// The zone's apex, absolute (`example.org.`).
    public let origin: String
    public let path: String
    public let records: [DNSRecord]

    /// Larger files are refused: a zone of a mail domain is far smaller.
    public static let maxBytes = 64 << 20
    public static let maxRecords = 1_000_000

    /// Reads `path`; `origin` (the audited domain) is the `$ORIGIN` until the file sets one.
    public static func read(_ path: String, origin: String) throws(ZoneFileError) -> ZoneFile {
        let apex = DNSName.absolute(origin)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            throw ZoneFileError("\(path): cannot read the zone file (no such file, or not readable)")
        }
        if let size = attributes[.size] as? Int, size > maxBytes {
            throw ZoneFileError("\(path): \(size) bytes, more than the \(maxBytes >> 20) MiB a zone file may have here; audit the zone of the mail domain alone")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ZoneFileError("\(path): cannot read the zone file")
        }
        for (index, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where line.uppercased().hasPrefix("$INCLUDE") {
            throw ZoneFileError("\(path):\(index + 1): $INCLUDE is not followed (an audit reads only the file it is given); put the included records in the file")
        }
        guard let file = fopen(path, "r") else { throw ZoneFileError("\(path): cannot open the zone file") }
        defer { fclose(file) }
        guard let originName = ldns_dname_new_frm_str(apex) else { throw ZoneFileError("\(path): \(origin) is not a domain name") }
        defer { ldns_rdf_deep_free(originName) }
        var zoneOut: OpaquePointer? = nil
        var line: Int32 = 0
        let status = withUnsafeMutablePointer(to: &zoneOut) { pointer in
            pointer.withMemoryRebound(to: UnsafeMutablePointer<ldns_zone>?.self, capacity: 1) {
                ldns_zone_new_frm_fp_l($0, file, originName, 3600, LDNS_RR_CLASS_IN, &line)
            }
        }
        guard status == LDNS_STATUS_OK, let zonePointer = zoneOut else {
            let reason = ldns_get_errorstr_by_id(status).map { String(cString: $0) } ?? "status \(status.rawValue)"
            throw ZoneFileError("\(path):\(line): \(reason); fix the record on that line (named-checkzone or ldns-read-zone show it too)")
        }
        let zone = UnsafeMutablePointer<ldns_zone>(zonePointer)
        defer { ldns_zone_deep_free(zone) }
        var records: [DNSRecord] = []
        if let soa = ldns_zone_soa(zone) { records.append(LDNSWire.record(soa)) }
        if let list = ldns_zone_rrs(zone) {
            let count = ldns_rr_list_rr_count(list)
            guard count <= maxRecords else {
                throw ZoneFileError("\(path): \(count) records, more than the \(maxRecords) a zone file may have here")
            }
            for index in 0..<count {
                if let rr = ldns_rr_list_rr(list, index) { records.append(LDNSWire.record(rr)) }
            }
        }
        guard records.contains(where: { $0.type == .SOA && DNSName.absolute($0.name) == apex }) else {
            throw ZoneFileError("\(path): no SOA record for \(apex) (the file is not the zone of \(origin), or its $ORIGIN differs)")
        }
        return ZoneFile(origin: apex, path: path, records: records)
    }
}
