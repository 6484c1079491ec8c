/// One statement with `?` placeholders and its values.
struct SQLStatement: Sendable {
    var sql: String
    var values: [SQLValue]

    init(_ sql: String, _ values: [SQLValue] = []) {
        self.sql = sql
        self.values = values
    }
}
