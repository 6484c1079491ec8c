import NetworkSupport
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How one exchange of a query with one server ended, before DNS meaning is given to it.
enum ExchangeResult {
    case response(ParsedResponse)
    case timeout
    case networkError(String)
    case malformed(String)
}
