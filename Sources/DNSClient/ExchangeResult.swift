/// How one exchange of a query with one server ended, before DNS meaning is given to it.
enum ExchangeResult {
    case response(ParsedResponse)
    case timeout
    case networkError(String)
    case malformed(String)
}
