import MailFacts

/// The tool's name and version as a JSON Lines record names them.
public struct ToolInfoLine: Sendable, Encodable {
    public var name = "mailaudit"
    public var version = MailAuditVersion.current

    public init() {}
}
