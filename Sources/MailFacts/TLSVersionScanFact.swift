/// One protocol version of the acceptance scan.
public struct TLSVersionScanFact: Codable, Sendable, Equatable {
    /// `TLSv1.3`, `TLSv1.2`, `TLSv1.1`, `TLSv1`.
    public var version: String
    public var accepted: Bool
    /// The suites accepted, in the order the server chose them from everything offered.
    public var ciphers: [String]
    /// The server chose by its own order (nil: fewer than two suites, or not found out).
    public var serverOrder: Bool?
    /// Why the first handshake failed (the version refused), when it did.
    public var refusal: String?

    public init(version: String, accepted: Bool, ciphers: [String] = [], serverOrder: Bool? = nil, refusal: String? = nil) {
        self.version = version
        self.accepted = accepted
        self.ciphers = ciphers
        self.serverOrder = serverOrder
        self.refusal = refusal
    }
}
