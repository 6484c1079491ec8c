/// The `name=value; name=value` form of the MTA-STS, TLS-RPT and BIMI TXT records:
/// fields split on ';' with white space around each (RFC 8461 §3.1 sts-field-delim).
struct TagList {
    struct Field {
        let name: String
        let value: String
    }

    let fields: [Field]
    let errors: [String]

    init(_ text: String) {
        var fields: [Field] = []
        var errors: [String] = []
        var seen = Set<String>()  // a record of thousands of tags must not cost millions of comparisons
        for segment in text.split(separator: ";", omittingEmptySubsequences: false) {
            let item = segment.trimmingWSP()
            if item.isEmpty { continue }
            guard let equals = item.firstIndex(of: "=") else {
                errors.append("'\(item)' is not name=value")
                continue
            }
            let name = String(item[..<equals])
            let value = String(item[item.index(after: equals)...])
            guard seen.insert(name).inserted else {
                errors.append("field '\(name)' appears twice")
                continue
            }
            fields.append(Field(name: name, value: value))
        }
        self.fields = fields
        self.errors = errors
    }

    func value(_ name: String) -> String? { fields.first { $0.name == name }?.value }
}
