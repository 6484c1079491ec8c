/// The `_smtp._tls.<domain>` TLS-RPT record (RFC 8460 §3).
public struct TLSRPTRecord: Sendable, Hashable {
    public let text: String
    /// The report destinations (rua=), each a mailto: or https: URI.
    public private(set) var reportURIs: [String] = []
    public private(set) var errors: [String] = []
    public var isValid: Bool { errors.isEmpty }

    public static func isTLSRPT(_ text: String) -> Bool { text.hasPrefix("v=TLSRPTv1") }

    public init(_ text: String) {
        self.text = text
        let list = TagList(text)
        errors = list.errors
        guard let first = list.fields.first, first.name == "v", first.value == "TLSRPTv1" else {
            errors.append("the record must start with v=TLSRPTv1 (RFC 8460 §3)")
            return
        }
        guard let rua = list.value("rua") else {
            errors.append("rua= (where reports go) is missing (RFC 8460 §3)")
            return
        }
        for uri in rua.split(separator: ",", omittingEmptySubsequences: false).map({ String($0.trimmingWSP()) }) {
            let lower = uri.lowercased()
            guard (lower.hasPrefix("mailto:") && uri.contains("@")) || (lower.hasPrefix("https://") && uri.count > 8) else {
                errors.append("rua: '\(uri)' must be a mailto: or https: URI (RFC 8460 §3)")
                continue
            }
            reportURIs.append(uri)
        }
    }
}
