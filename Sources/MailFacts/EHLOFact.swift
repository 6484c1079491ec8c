public struct EHLOFact: Codable, Sendable, Equatable {
    /// The domain the server names in its EHLO reply.
    public var domain: String
    /// The extension keywords, upper-case (`STARTTLS`, `SIZE`, `AUTH`, ...).
    public var keywords: [String]
    public var extensions: [SMTPExtensionFact]
    /// SIZE (RFC 1870): the limit in bytes; 0 means no fixed limit.
    public var size: Int?
    /// AUTH (RFC 4954): the SASL mechanisms, upper-case.
    public var authMechanisms: [String]
    public var starttls: Bool

    public init(domain: String, keywords: [String], extensions: [SMTPExtensionFact], size: Int?, authMechanisms: [String], starttls: Bool) {
        self.domain = domain
        self.keywords = keywords
        self.extensions = extensions
        self.size = size
        self.authMechanisms = authMechanisms
        self.starttls = starttls
    }
}
