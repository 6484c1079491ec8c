import MailFacts

/// The `_mta-sts.<domain>` TXT record (RFC 8461 §3.1).
public struct MTASTSRecord: Sendable, Hashable {
    public let text: String
    public private(set) var id: String?
    /// Extension fields (name=value) other than v and id.
    public private(set) var extensions: [String: String] = [:]
    public private(set) var errors: [String] = []
    public var isValid: Bool { errors.isEmpty }

    /// Whether a TXT record is meant as an MTA-STS record (it starts with v=STSv1).
    public static func isMTASTS(_ text: String) -> Bool {
        text.hasPrefix("v=STSv1") && (text.count == 7 || [";", " ", "\t"].contains(text.dropFirst(7).first!))
    }

    public init(_ text: String) {
        self.text = text
        if text.lowercased().hasPrefix("v=spf1") {
            errors.append("this is an SPF record, not an MTA-STS record")
            return
        }
        let list = TagList(text)
        errors = list.errors
        // sts-version = %s"v=STSv1", first (case-sensitive).
        guard let first = list.fields.first, first.name == "v", first.value == "STSv1" else {
            errors.append("the record must start with v=STSv1 (RFC 8461 §3.1)")
            return
        }
        for field in list.fields.dropFirst() {
            // sts-ext-name = 1*32(ALPHA / DIGIT / "_" / "-" / "."); values are visible
            // characters except ';' and '=' (no spaces).
            guard (1...32).contains(field.name.count),
                  field.name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) }) else {
                errors.append("'\(field.name)' is not a field name (RFC 8461 §3.1)")
                continue
            }
            guard !field.value.isEmpty, field.value.unicodeScalars.allSatisfy({ (0x21...0x7e).contains($0.value) && $0 != ";" && $0 != "=" }) else {
                errors.append("\(field.name)=\(field.value): the value must be visible characters without ';', '=' or spaces")
                continue
            }
            if field.name == "id" {
                // sts-id = %s"id=" 1*32(ALPHA / DIGIT)
                guard (1...32).contains(field.value.count), field.value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                    errors.append("id=\(field.value): the id must be 1 to 32 letters and digits (RFC 8461 §3.1)")
                    continue
                }
                id = field.value
            } else {
                extensions[field.name] = field.value
            }
        }
        if id == nil && errors.isEmpty { errors.append("id= is missing (RFC 8461 §3.1)") }
    }
}
