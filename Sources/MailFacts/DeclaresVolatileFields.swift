/// A fact type some of whose fields change from run to run with nothing changed in DNS or on
/// the servers: timings, retry counts, "days to" counts, the collection time. It names them;
/// `FactVolatility` collects every type's, and the history keeps those values apart so that an
/// unchanged domain shares one stored facts document from night to night.
public protocol DeclaresVolatileFields {
    /// The JSON keys of its volatile fields (scalars).
    static var volatileFields: Set<String> { get }
}
