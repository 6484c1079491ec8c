/// Why a DKIM selector was asked.
public enum DKIMSelectorSource: String, Codable, Sendable, Equatable, CaseIterable {
    /// The user named it (`--dkim-selector`).
    case given
    /// It is on the built-in list of common selectors.
    case common
}
