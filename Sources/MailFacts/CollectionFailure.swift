/// Why a domain could not be audited at all (`collection.failure`); `collection.error` says
/// it in words. The facts name the cause only: what the user should do about it is worded
/// by the command line.
public enum CollectionFailure: String, Codable, Sendable, Equatable, CaseIterable {
    /// The resolver did not answer.
    case resolverTimeout = "resolver-timeout"
    /// The resolver could not be reached (refused connection, no route).
    case resolverUnreachable = "resolver-unreachable"
    /// The resolver refused to answer for the domain (REFUSED).
    case resolverRefused = "resolver-refused"
    /// The resolver sent something that is not a DNS message.
    case resolverMalformed = "resolver-malformed"
    /// The domain cannot be asked for.
    case invalidName = "invalid-name"
    /// The resolver did not answer within the domain's deadline.
    case deadlineExceeded = "deadline-exceeded"
}
