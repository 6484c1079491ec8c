/// Tokens of the expression language (the lexical grammar of the CEL spec).
enum CELToken: Equatable {
    case int(Int64), uint(UInt64), double(Double), string(String), bytes([UInt8])
    /// 9223372036854775808: valid only after a minus sign (Int64.min).
    case intMinMagnitude
    case identifier(String)
    /// A backtick-quoted field name (`foo.txt`).
    case quotedIdentifier(String)
    case symbol(String)
    case end
}
