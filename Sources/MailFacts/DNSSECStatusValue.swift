public enum DNSSECStatusValue: String, Codable, Sendable, Equatable, CaseIterable {
    case secure, insecure, bogus, indeterminate
}
