/// One offline routing file, and how old its data was when the domain was audited.
public struct RPKISourceFact: Codable, Sendable, Equatable {
    public var file: String
    /// When the data was made (ISO 8601), and where that was read (the validator's metadata,
    /// or the file's modification time).
    public var generated: String?
    public var generatedFrom: String
    /// Hours between `generated` and the audit; absent when unknown.
    public var ageHours: Double?
    public var entries: Int

    public init(file: String, generated: String?, generatedFrom: String, ageHours: Double?, entries: Int) {
        self.file = file
        self.generated = generated
        self.generatedFrom = generatedFrom
        self.ageHours = ageHours
        self.entries = entries
    }
}
