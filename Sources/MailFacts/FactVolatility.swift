/// The volatile fields of the facts, as their types declare them (`DeclaresVolatileFields`).
/// A new fact type with such a field conforms and is listed here; HistoryTests collects a
/// signed, probed lab domain at two times three days apart and fails on any field that
/// changed and is not declared.
public enum FactVolatility {
    public static var types: [any DeclaresVolatileFields.Type] {
        [FactSet.self, CollectionFact.self, LookupFact.self, PolicyFetchFact.self, SMTPEndpointFact.self,
         SMTPGreetingFact.self, TLSFact.self, DNSSECValidationFact.self]
    }

    /// Every volatile key of the facts (a key is volatile wherever it appears).
    public static let fieldNames: Set<String> = types.reduce(into: []) { $0.formUnion($1.volatileFields) }
}

extension FactSet: DeclaresVolatileFields {
    public static var volatileFields: Set<String> { ["collectedAt"] }
}

extension CollectionFact: DeclaresVolatileFields {
    public static var volatileFields: Set<String> { ["seconds"] }
}

extension LookupFact: DeclaresVolatileFields {
    public static var volatileFields: Set<String> { ["milliseconds", "attempts"] }
}

extension PolicyFetchFact: DeclaresVolatileFields {
    public static var volatileFields: Set<String> { ["milliseconds"] }
}

extension SMTPEndpointFact: DeclaresVolatileFields {
    /// `reused`: whether another domain of the run asked first.
    public static var volatileFields: Set<String> { ["connectMilliseconds", "milliseconds", "reused"] }
}

extension SMTPGreetingFact: DeclaresVolatileFields {
    public static var volatileFields: Set<String> { ["firstByteSeconds", "seconds"] }
}

extension TLSFact: DeclaresVolatileFields {
    public static var volatileFields: Set<String> { ["daysToExpiry"] }
}

extension DNSSECValidationFact: DeclaresVolatileFields {
    /// The absolute `signatureExpires` is stable; the days to it change every day.
    public static var volatileFields: Set<String> { ["daysToSignatureExpiry"] }
}
