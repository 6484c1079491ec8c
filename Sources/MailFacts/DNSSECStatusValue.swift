public enum DNSSECStatusValue: String, Codable, Sendable, Equatable {
    case secure, insecure, bogus, indeterminate
}
