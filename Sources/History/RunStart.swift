import Reports

/// What a new run is recorded with.
public struct RunStart: Sendable {
    public var startedAt: String
    public var toolVersion: String
    public var profile: String
    public var rulesDigest: String
    public var options: [String: String]
    public var host: String
    /// The lines of the domains list that could not be used, and the repeated domains.
    public var input: RunInput?

    public init(startedAt: String, toolVersion: String, profile: String, rulesDigest: String, options: [String: String], host: String,
                input: RunInput? = nil) {
        self.input = input
        self.startedAt = startedAt
        self.toolVersion = toolVersion
        self.profile = profile
        self.rulesDigest = rulesDigest
        self.options = options
        self.host = host
    }
}
