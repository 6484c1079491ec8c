/// How the HTTPS fetch went.
public struct PolicyFetchFact: Codable, Sendable, Equatable {
    public var outcome: PolicyFetchOutcome
    public var httpStatus: Int?
    public var contentType: String?
    /// The media type is text/plain (§3.2).
    public var contentTypeOK: Bool?
    public var bytes: Int?
    public var redirectLocation: String?
    /// The certificate was valid for the host and trusted (system store or `--ca-file`).
    public var certificateValid: Bool?
    public var certificateError: String?
    public var error: String?
    public var milliseconds: Double?

    public init(outcome: PolicyFetchOutcome, httpStatus: Int? = nil, contentType: String? = nil, contentTypeOK: Bool? = nil, bytes: Int? = nil,
                redirectLocation: String? = nil, certificateValid: Bool? = nil, certificateError: String? = nil, error: String? = nil,
                milliseconds: Double? = nil) {
        self.outcome = outcome
        self.httpStatus = httpStatus
        self.contentType = contentType
        self.contentTypeOK = contentTypeOK
        self.bytes = bytes
        self.redirectLocation = redirectLocation
        self.certificateValid = certificateValid
        self.certificateError = certificateError
        self.error = error
        self.milliseconds = milliseconds
    }
}
