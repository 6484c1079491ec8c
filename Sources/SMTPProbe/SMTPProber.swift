/// Runs SMTP dialogues for the collector. `ThreadSMTPProber` talks to real servers; tests
/// of the collector's probe logic may answer from a table instead.
public protocol SMTPProber: Sendable {
    func session(address: String, port: UInt16, configuration: SMTPProbeConfiguration) async -> SMTPSessionResult
}
