public struct SRVSetFact: Codable, Sendable, Equatable {
    /// `submission` or `submissions`.
    public var service: EndpointService
    public var lookup: LookupFact
    public var records: [SRVRecordFact]
    /// RFC 6186 §3.1 / RFC 2782: the single record with target `.` says "no such service".
    public var serviceDeclined: Bool

    public init(service: EndpointService, lookup: LookupFact, records: [SRVRecordFact], serviceDeclined: Bool) {
        self.service = service
        self.lookup = lookup
        self.records = records
        self.serviceDeclined = serviceDeclined
    }
}
