import CUnbound
import Foundation

/// A trust anchor file as `--trust-anchor` takes it: DS or DNSKEY records in zone-file
/// form (unbound's `trust-anchor-file`, Debian's /usr/share/dns/root.key).
enum TrustAnchorFile {
    /// Checks the file and returns the owner names of its anchors (absolute, lower case).
    /// Comments (`;`), blank lines, `$` directives, CRLF line ends and records split over
    /// lines with parentheses are read as unbound reads them.
    @discardableResult
    static func check(_ path: String) throws(DNSSECValidatorError) -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DNSSECValidatorError("\(path): cannot read the trust anchor file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DNSSECValidatorError("\(path): the trust anchor file is not text")
        }
        var owners: [String] = []
        var pending = "", pendingLine = 0, depth = 0
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let line = raw.prefix { $0 != ";" }.trimmingCharacters(in: .whitespacesAndNewlines)
            if depth == 0 && (line.isEmpty || line.hasPrefix("$")) { continue }
            if depth == 0 { pendingLine = index + 1 }
            pending += " " + line
            depth += line.filter { $0 == "(" }.count - line.filter { $0 == ")" }.count
            guard depth <= 0 else { continue }
            depth = 0
            let record = pending.replacingOccurrences(of: "(", with: " ").replacingOccurrences(of: ")", with: " ")
                .trimmingCharacters(in: .whitespaces)
            pending = ""
            switch LDNSWire.recordType(ofLine: record) {
            case .DS?, .DNSKEY?:
                let owner = DNSName.absolute(String(record.split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? ".")).lowercased()
                if !owners.contains(owner) { owners.append(owner) }
            case let other?:
                throw DNSSECValidatorError("\(path):\(pendingLine): a \(other) record is not a trust anchor; give DS or DNSKEY records")
            case nil:
                throw DNSSECValidatorError("\(path):\(pendingLine): not a DNS record in zone-file form: \(record.prefix(60))")
            }
        }
        guard depth == 0, pending.isEmpty else { throw DNSSECValidatorError("\(path):\(pendingLine): a '(' is never closed") }
        guard !owners.isEmpty else { throw DNSSECValidatorError("\(path): no DS or DNSKEY record in the trust anchor file") }
        return owners
    }
}
