public struct MXRecordFact: Codable, Sendable, Equatable {
    public var preference: Int
    /// The exchange, lower-case and without the trailing dot; `.` for a null MX.
    public var exchange: String

    public init(preference: Int, exchange: String) {
        self.preference = preference
        self.exchange = exchange
    }
}
