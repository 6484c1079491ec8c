/// The `default._bimi.<domain>` BIMI assertion record (v=BIMI1; l= logo; a= evidence).
public struct BIMIRecord: Sendable, Hashable {
    public let text: String
    /// l=: the SVG logo's https URL; empty when the domain declines to publish one.
    public private(set) var logo: String?
    /// a=: the Verified Mark Certificate's https URL, if any.
    public private(set) var evidence: String?
    public private(set) var errors: [String] = []
    public var isValid: Bool { errors.isEmpty }
    /// l= and a= are both empty or absent: a declination record.
    public var isDeclination: Bool { (logo ?? "").isEmpty && (evidence ?? "").isEmpty }

    public static func isBIMI(_ text: String) -> Bool { text.hasPrefix("v=BIMI1") }

    public init(_ text: String) {
        self.text = text
        let list = TagList(text)
        errors = list.errors
        guard let first = list.fields.first, first.name == "v", first.value == "BIMI1" else {
            errors.append("the record must start with v=BIMI1")
            return
        }
        logo = list.value("l").map { String($0.trimmingWSP()) }
        evidence = list.value("a").map { String($0.trimmingWSP()) }
        for (name, value) in [("l", logo), ("a", evidence)] {
            guard let value, !value.isEmpty else { continue }
            for url in value.split(separator: ",") where !url.lowercased().hasPrefix("https://") {
                errors.append("\(name)=\(url): the URL must use https")
            }
        }
        if list.value("l") == nil && list.value("a") == nil { errors.append("l= (the logo) is missing") }
    }
}
