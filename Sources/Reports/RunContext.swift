/// What a JSON Lines record carries besides its domain, so that each line stands alone: the
/// tool, the profile and the time of the run.
public struct RunContext: Sendable {
    public var tool: ToolInfoLine
    public var profile: String
    public var generatedAt: String

    public init(profile: String, generatedAt: String) {
        self.tool = ToolInfoLine()
        self.profile = profile
        self.generatedAt = generatedAt
    }

    /// The encoder's user-info key that carries it.
    public static let key = CodingUserInfoKey(rawValue: "mailaudit.runContext")!
}
