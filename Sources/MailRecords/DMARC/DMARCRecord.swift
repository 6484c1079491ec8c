import Foundation

/// A parsed DMARC policy record (RFC 7489 §6.3, RFC 9989 §4.7). Every tag is kept, with
/// its position, even when the record is invalid; `errors` say what makes it invalid under
/// the chosen basis, and `removedTags`/`unknownTags` what a receiver will ignore.
public struct DMARCRecord: Sendable, Hashable {
    public enum Policy: String, Sendable, Hashable, Codable { case none, quarantine, reject }
    public enum Alignment: String, Sendable, Hashable, Codable { case relaxed = "r", strict = "s" }

    /// A report destination: a URI and an optional size limit (RFC 7489 §6.4 dmarc-uri).
    public struct ReportURI: Sendable, Hashable, Codable {
        public var uri: String
        public var scheme: String
        /// The address of a mailto: URI, percent-decoded (RFC 6068 §2).
        public var address: String?
        /// The size limit in bytes (`!10m` is 10 MiB), if any.
        public var maxSize: UInt64?
    }

    public struct Tag: Sendable, Hashable, Codable {
        public var name: String
        public var value: String
        /// 1-based position in the record.
        public var position: Int
    }

    public let text: String
    public let basis: DMARCBasis
    public private(set) var tags: [Tag] = []
    public private(set) var errors: [String] = []
    /// Tags RFC 9989 removed (pct, rf, ri) that the record still has (only under RFC 9989).
    public private(set) var removedTags: [String] = []
    /// Tags neither specification defines; receivers ignore them.
    public private(set) var unknownTags: [String] = []

    public private(set) var policy: Policy?
    /// p was written in the record (RFC 9989 §4.7: without it, none is assumed).
    public private(set) var policyExplicit = false
    public private(set) var subdomainPolicy: Policy?
    public private(set) var nonexistentSubdomainPolicy: Policy?
    public private(set) var dkimAlignment: Alignment = .relaxed
    public private(set) var spfAlignment: Alignment = .relaxed
    public private(set) var failureOptions: [String] = ["0"]
    public private(set) var aggregateReports: [ReportURI] = []
    public private(set) var failureReports: [ReportURI] = []
    /// RFC 7489 pct (0-100); under RFC 9989 it is removed and left nil.
    public private(set) var percentage: Int?
    public private(set) var reportFormats: [String]?
    public private(set) var reportInterval: UInt32?
    /// RFC 9989 psd: y, n or u (the default).
    public private(set) var publicSuffixDomain: String = "u"
    /// RFC 9989 t: testing mode.
    public private(set) var testing = false
    /// p comes right after v (RFC 7489 §6.3's grammar has it there; RFC 9989 §4.7 allows any
    /// order, but older receivers may not).
    public private(set) var policyFollowsVersion = false

    public var isValid: Bool { errors.isEmpty }

    /// The policy for subdomains: sp, else p (§6.3).
    public var effectiveSubdomainPolicy: Policy? { subdomainPolicy ?? policy }
    /// The policy for non-existent subdomains (RFC 9989 np): np, else sp, else p.
    public var effectiveNonexistentPolicy: Policy? { nonexistentSubdomainPolicy ?? subdomainPolicy ?? policy }

    /// Whether a TXT record is meant as a DMARC record: it starts with v=DMARC1 (§6.6.3).
    public static func isDMARC(_ text: String) -> Bool {
        let first = text.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let parts = first.split(separator: "=", maxSplits: 1)
        guard parts.count == 2 else { return false }
        return parts[0].trimmingWSP().lowercased() == "v" && parts[1].trimmingWSP().uppercased() == "DMARC1"
    }

    public init(_ text: String, basis: DMARCBasis = .rfc9989) {
        self.text = text
        self.basis = basis
        parse()
    }

    private mutating func parse() {
        let trimmed = Substring(text).trimmingWSP()
        if trimmed.lowercased().hasPrefix("v=spf1") {
            errors.append("this is an SPF record (v=spf1), not a DMARC record; publish SPF at the domain itself")
            return
        }
        var position = 0
        var seenNames = Set<String>()  // thousands of tags must not cost millions of comparisons
        for segment in text.split(separator: ";", omittingEmptySubsequences: false) {
            let item = segment.trimmingWSP()
            if item.isEmpty { continue }
            position += 1
            guard let equals = item.firstIndex(of: "=") else {
                errors.append("'\(item)' at position \(position) is not tag=value")
                continue
            }
            let name = item[..<equals].trimmingWSP().lowercased()
            let value = item[item.index(after: equals)...].trimmingWSP()
            guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                errors.append("'\(item)' at position \(position) has no valid tag name")
                continue
            }
            guard seenNames.insert(name).inserted else {
                errors.append("tag '\(name)' appears twice (position \(position))")
                continue
            }
            tags.append(Tag(name: name, value: String(value), position: position))
        }
        guard let first = tags.first, first.name == "v", first.value.uppercased() == "DMARC1" else {
            errors.append("the record must start with v=DMARC1 (RFC 7489 §6.3)")
            return
        }
        policyFollowsVersion = tags.count > 1 && tags[1].name == "p"
        for tag in tags.dropFirst() { read(tag) }
        if policy == nil {
            if basis == .rfc7489 {
                errors.append("p is required (RFC 7489 §6.3)")
            } else {
                policy = Policy.none  // RFC 9989 §4.7: a missing p is treated as none
            }
        }
    }

    private mutating func read(_ tag: Tag) {
        let value = tag.value
        func policyValue() -> Policy? {
            guard let parsed = Policy(rawValue: value.lowercased()) else {
                errors.append("\(tag.name)=\(value): the value must be none, quarantine or reject")
                return nil
            }
            return parsed
        }
        switch tag.name {
        case "p":
            policy = policyValue()
            policyExplicit = true
        case "sp": subdomainPolicy = policyValue()
        case "np" where basis == .rfc9989: nonexistentSubdomainPolicy = policyValue()
        case "adkim", "aspf":
            guard let alignment = Alignment(rawValue: value.lowercased()) else {
                errors.append("\(tag.name)=\(value): the value must be r (relaxed) or s (strict)")
                return
            }
            if tag.name == "adkim" { dkimAlignment = alignment } else { spfAlignment = alignment }
        case "fo":
            let options = value.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingWSP().lowercased() }
            guard !options.isEmpty, options.allSatisfy({ ["0", "1", "d", "s"].contains($0) }) else {
                errors.append("fo=\(value): each option must be 0, 1, d or s, separated by ':'")
                return
            }
            failureOptions = options
        case "rua", "ruf":
            var uris: [ReportURI] = []
            for part in value.split(separator: ",", omittingEmptySubsequences: false) {
                guard let uri = Self.reportURI(part.trimmingWSP()) else {
                    errors.append("\(tag.name): '\(part.trimmingWSP())' is not a URI with an optional !size (e.g. mailto:reports@example.org!10m)")
                    continue
                }
                uris.append(uri)
            }
            if tag.name == "rua" { aggregateReports = uris } else { failureReports = uris }
        case "pct", "rf", "ri":
            if basis == .rfc9989 {
                removedTags.append(tag.name)
                return
            }
            switch tag.name {
            case "pct":
                guard let number = Int(value), (0...100).contains(number) else {
                    errors.append("pct=\(value): the value must be a whole number from 0 to 100")
                    return
                }
                percentage = number
            case "rf":
                let formats = value.split(separator: ":").map { $0.trimmingWSP().lowercased() }
                guard !formats.isEmpty, formats.allSatisfy({ $0 == "afrf" }) else {
                    errors.append("rf=\(value): the only report format is afrf (RFC 7489 §6.3)")
                    return
                }
                reportFormats = formats
            default:
                guard let seconds = UInt32(value) else {
                    errors.append("ri=\(value): the value must be a number of seconds")
                    return
                }
                reportInterval = seconds
            }
        case "psd" where basis == .rfc9989:
            guard ["y", "n", "u"].contains(value.lowercased()) else {
                errors.append("psd=\(value): the value must be y, n or u (RFC 9989)")
                return
            }
            publicSuffixDomain = value.lowercased()
        case "t" where basis == .rfc9989:
            guard ["y", "n"].contains(value.lowercased()) else {
                errors.append("t=\(value): the value must be y or n (RFC 9989)")
                return
            }
            testing = value.lowercased() == "y"
        default:
            unknownTags.append(tag.name)
        }
    }

    /// dmarc-uri = URI [ "!" 1*DIGIT [ "k" / "m" / "g" / "t" ] ] (RFC 7489 §6.4).
    static func reportURI(_ text: Substring) -> ReportURI? {
        var uriText = text
        var maxSize: UInt64?
        if let bang = text.lastIndex(of: "!") {
            uriText = text[..<bang].trimmingWSP()
            var size = text[text.index(after: bang)...].trimmingWSP()
            var multiplier: UInt64 = 1
            if let unit = size.last?.lowercased(), let power = ["k": 1, "m": 2, "g": 3, "t": 4][unit] {
                multiplier = UInt64(1) << (10 * UInt64(power))
                size = size.dropLast().trimmingWSP()
            }
            guard let number = UInt64(size) else { return nil }
            maxSize = number.multipliedReportingOverflow(by: multiplier).overflow ? UInt64.max : number * multiplier
        }
        guard let colon = uriText.firstIndex(of: ":") else { return nil }
        let scheme = uriText[..<colon]
        // RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
        guard let first = scheme.first, first.isASCII, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }) else { return nil }
        let rest = uriText[uriText.index(after: colon)...]
        guard !rest.isEmpty, !uriText.contains(where: { $0 == " " || $0 == "\t" }) else { return nil }
        var address: String?
        if scheme.lowercased() == "mailto" {
            // RFC 6068 §2: the address part, percent-decoded.
            let target = rest.split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
            address = target.removingPercentEncoding ?? target
        }
        return ReportURI(uri: String(uriText), scheme: scheme.lowercased(), address: address, maxSize: maxSize)
    }
}
