public struct ToolInfo: Codable, Sendable, Equatable {
    public var name: String
    public var version: String

    public init(name: String = "mailaudit", version: String = MailAuditVersion.current) {
        self.name = name
        self.version = version
    }
}
