/// Whether a check made on a connection of its own (the RFC mailboxes, the relay test) ran
/// to its end.
public enum SMTPCheckStatus: String, Codable, Sendable, Equatable, CaseIterable {
    /// Every command was sent and answered.
    case done
    /// The dialogue ended first (refused, busy, closed, a failed handshake): `detail` says why.
    case inconclusive
}
