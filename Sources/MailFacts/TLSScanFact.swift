/// What an endpoint accepts, found by handshakes only (the acceptance scan): per protocol
/// version the cipher suites it accepts and whether it imposes its own order, the
/// key-exchange groups, and the properties of its handshakes. Each handshake offers what is
/// left after removing what the server chose before, until it refuses.
public struct TLSScanFact: Codable, Sendable, Equatable {
    /// `full` (every suite, the order, the groups), `versions` (one handshake each), or
    /// `skipped` (`cutShort` says why: a server that greets late).
    public var depth: String
    /// TLSv1.3 first, down to TLSv1.
    public var versions: [TLSVersionScanFact]
    /// The key-exchange groups the server accepted, in the order it chose them (TLS 1.3
    /// where accepted, else the highest version with ECDHE suites).
    public var groups: [String]
    /// The finite-field DH size of a DHE suite (TLS 1.2 and below), when one is accepted.
    public var dhBits: Int?
    /// RFC 5746 secure renegotiation and RFC 7627 extended master secret, seen in a TLS 1.2
    /// (or lower) handshake; nil when none was made.
    public var secureRenegotiation: Bool?
    public var extendedMasterSecret: Bool?
    /// The hashes of the server's key-exchange signatures seen (`SHA256`, `SHA1`).
    public var signatureHashes: [String]
    /// What the scan did not test, each with why (SSLv2 and SSLv3 the local OpenSSL cannot
    /// offer; 0-RTT; client-initiated renegotiation; TLS compression).
    public var notTested: [String]
    public var handshakes: Int
    public var seconds: Double
    /// Why the scan stopped before the end (its bound of handshakes or seconds, a busy
    /// server); nil when it finished.
    public var cutShort: String?
    /// The part of the scan the cut happened in: `versions` (the suites of a version),
    /// `order`, `groups` or `dh`; what came before it is complete.
    public var cutPhase: String?
    /// Families of broken suites the local OpenSSL cannot offer at all (`RC4`, `3DES`, `DES`,
    /// `EXPORT`, ...): whether the server accepts them was not tested.
    public var notOffered: [String]

    public init(depth: String = "full", versions: [TLSVersionScanFact] = [], groups: [String] = [], dhBits: Int? = nil, secureRenegotiation: Bool? = nil,
                extendedMasterSecret: Bool? = nil, signatureHashes: [String] = [], notTested: [String] = [], handshakes: Int = 0,
                seconds: Double = 0, cutShort: String? = nil, cutPhase: String? = nil, notOffered: [String] = []) {
        self.depth = depth
        self.versions = versions
        self.groups = groups
        self.dhBits = dhBits
        self.secureRenegotiation = secureRenegotiation
        self.extendedMasterSecret = extendedMasterSecret
        self.signatureHashes = signatureHashes
        self.notTested = notTested
        self.handshakes = handshakes
        self.seconds = seconds
        self.cutShort = cutShort
        self.cutPhase = cutPhase
        self.notOffered = notOffered
    }
}
