import Foundation

/// Which DMARC specification a record is read against. RFC 9989 (DMARCbis) obsoletes
/// RFC 7489: it adds np, psd and t, removes pct, rf and ri, and makes a missing p mean none.
public enum DMARCBasis: String, Sendable, Hashable, Codable {
    case rfc7489 = "RFC7489"
    case rfc9989 = "RFC9989"
}
