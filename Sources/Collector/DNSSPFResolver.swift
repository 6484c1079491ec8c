import DNSClient
import MailFacts
import MailRecords
import NetworkSupport

/// SPF's DNS through the DNS client: every name goes through the resolvers the user named,
/// and shares the run's answer cache with the rest of the collection.
public struct DNSSPFResolver: SPFResolver {
    public let dns: any DNSLookup

    public init(dns: any DNSLookup) {
        self.dns = dns
    }

    public func txt(_ name: String) async -> RecordLookup<[String]> {
        convert(await dns.query(DNSName.fromRawLabels(name), .TXT)) { $0.outsideText }
    }

    public func addresses(_ name: String, ipv6: Bool) async -> RecordLookup<[IPAddress]> {
        convert(await dns.query(DNSName.fromRawLabels(name), ipv6 ? .AAAA : .A)) { record in
            switch record.data {
            case .a(let text), .aaaa(let text): return IPAddress(text)
            default: return nil
            }
        }
    }

    public func mx(_ name: String) async -> RecordLookup<[String]> {
        convert(await dns.query(DNSName.fromRawLabels(name), .MX)) { record in
            if case .mx(_, let exchange) = record.data { return LookupFact.display(DNSName.unescaped(exchange)) }
            return nil
        }
    }

    public func ptr(_ address: IPAddress) async -> RecordLookup<[String]> {
        convert(await dns.query(address.reverseName, .PTR)) { record in
            if case .ptr(let name) = record.data { return LookupFact.display(DNSName.unescaped(name)) }
            return nil
        }
    }

    /// RFC 7208 §5: NOERROR without records and NXDOMAIN are absent ("void"); every other
    /// outcome (SERVFAIL, REFUSED, timeout, ...) is a DNS error, which makes temperror. A
    /// name DNS cannot hold (an empty label, a label over 63 or a name over 255 octets after
    /// macro expansion) does not exist: nothing was asked, and it is no temporary error
    /// (the RFC 7208 suite's invalid-domain cases expect fail or permerror).
    private func convert<T>(_ answer: DNSAnswer, _ pick: (DNSRecord) -> T?) -> RecordLookup<[T]> {
        switch answer.outcome {
        case .records:
            let values = answer.records.compactMap(pick)
            return values.isEmpty ? .nodata : .found(values)
        case .nodata: return .nodata
        case .nxdomain, .invalidName: return .nxdomain
        default: return .failed("\(answer.outcome.rawValue)\(answer.detail.map { ": " + $0 } ?? "")")
        }
    }
}

extension DNSRecord {
    /// A TXT record's joined text (RFC 7208 §3.3) with bytes that are not UTF-8 written
    /// `\xHH` (`OutsideText`), for facts and reports.
    var outsideText: String? {
        guard case .txt(let strings) = data else { return nil }
        return OutsideText.decode(strings.joined())
    }
}
