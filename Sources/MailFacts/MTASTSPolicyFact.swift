public struct MTASTSPolicyFact: Codable, Sendable, Equatable {
    public var text: String
    public var valid: Bool
    public var errors: [String]
    public var version: String?
    public var mode: MTASTSMode?
    public var maxAge: Int?
    public var mx: [String]
    public var unknownKeys: [String]

    public init(text: String, valid: Bool, errors: [String], version: String?, mode: MTASTSMode?, maxAge: Int?, mx: [String], unknownKeys: [String]) {
        self.text = text
        self.valid = valid
        self.errors = errors
        self.version = version
        self.mode = mode
        self.maxAge = maxAge
        self.mx = mx
        self.unknownKeys = unknownKeys
    }
}
