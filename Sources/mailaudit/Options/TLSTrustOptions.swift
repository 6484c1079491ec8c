import ArgumentParser
import SMTPProbe

/// Which certificates are trusted; shared by every command that speaks TLS.
struct TLSTrustOptions: ParsableArguments {
    @Option(name: .customLong("ca-file"), help: ArgumentHelp(
        "Trust the CA certificates in this PEM file instead of the system store (every TLS connection: SMTP and the MTA-STS policy).",
        valueName: "file"))
    var caFile: String?

    /// The TLS client context, limited to `version` when one is given.
    func context(version: TLSProtocolVersion? = nil) throws -> TLSClientContext {
        do { return try TLSClientContext(caFile: caFile, version: version) } catch {
            throw UserError("--ca-file: \(error.description)")
        }
    }
}
