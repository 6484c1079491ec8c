/// How a lookup ended: found, absent (NODATA or NXDOMAIN; a "void lookup" for SPF,
/// RFC 7208 §4.6.4), or failed (timeout, SERVFAIL, ...: never to be read as absent).
public enum RecordLookup<Value: Sendable>: Sendable {
    case found(Value)
    case nodata
    case nxdomain
    case failed(String)
}
