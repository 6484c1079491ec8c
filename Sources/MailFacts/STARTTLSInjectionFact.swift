/// The STARTTLS command-injection test (CVE-2011-0411 and its kin, RFC 3207 §4.2): on a
/// connection of its own, `STARTTLS` and `NOOP` are sent in one segment; after the handshake
/// the probe sends `QUIT` inside TLS. A server that answers the `NOOP` inside TLS (a 250
/// before the 221) kept plain text an attacker could have injected and ran it as if it came
/// through TLS.
public struct STARTTLSInjectionFact: Codable, Sendable, Equatable {
    public var status: STARTTLSInjectionStatus
    /// Why the test could not conclude, or what the server answered.
    public var detail: String?
    /// The test's dialogue as swaks shows one (`->` sent, `<-` received, `~>` `<~` inside TLS).
    public var transcript: [String]

    public init(status: STARTTLSInjectionStatus, detail: String? = nil, transcript: [String] = []) {
        self.status = status
        self.detail = detail
        self.transcript = transcript
    }
}
