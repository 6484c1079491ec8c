import Foundation

/// SMTP probes off the cooperative pool: each dialogue (blocking socket and OpenSSL calls,
/// bounded by poll) runs on a thread of its own.
public struct ThreadSMTPProber: SMTPProber {
    public init() {}

    public func session(address: String, port: UInt16, configuration: SMTPProbeConfiguration) async -> SMTPSessionResult {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: SMTPSession.run(address: address, port: port, configuration: configuration))
            }
            thread.stackSize = 512 * 1024
            thread.start()
        }
    }
}
