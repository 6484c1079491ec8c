import DNSClient
import Dispatch
import Foundation
import MailFacts
import MailRecords
import NetworkSupport
import RuleEngine

/// The DNS of the spf-eval target.
struct FuzzSPFResolver: SPFResolver {
    let records: [String]

    func txt(_ name: String) async -> RecordLookup<[String]> {
        let key = name.lowercased().hasSuffix(".") ? String(name.lowercased().dropLast()) : name.lowercased()
        guard key.hasPrefix("d"), key.hasSuffix(".fz"), let index = Int(key.dropFirst().dropLast(3)),
              index >= 0, index < records.count else { return .nxdomain }
        return records[index].isEmpty ? .nodata : .found([records[index]])
    }

    func addresses(_ name: String, ipv6: Bool) async -> RecordLookup<[IPAddress]> {
        ipv6 ? .nodata : .found([IPAddress("192.0.2.\(name.utf8.count % 4)")!])
    }

    func mx(_ name: String) async -> RecordLookup<[String]> { .found(["d1.fz"]) }

    func ptr(_ address: IPAddress) async -> RecordLookup<[String]> { .found(["d0.fz"]) }
}
