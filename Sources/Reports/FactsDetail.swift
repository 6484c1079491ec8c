/// How much of the facts a report carries (`--facts`): all of them, the records that were
/// judged, or none (findings only).
public enum FactsDetail: String, Sendable, CaseIterable {
    case full, summary, none

    /// The encoder's user-info key that carries it (`JSONOutput.encode(_:userInfo:)`).
    public static let key = CodingUserInfoKey(rawValue: "mailaudit.factsDetail")!
}
