import NetworkSupport

/// Runs SMTP dialogues on a non-blocking socket bounded by poll timeouts and one overall
/// deadline. Call it from a dedicated thread (`ThreadSMTPProber` does), never from Swift's
/// cooperative pool.
public enum SMTPSession {
    public static func run(address: String, port: UInt16, configuration: SMTPProbeConfiguration) -> SMTPSessionResult {
        var dialogue = SMTPDialogue(address: address, port: port, configuration: configuration)
        dialogue.run()
        dialogue.result.seconds = MonotonicClock.seconds() - dialogue.began
        return dialogue.result
    }
}
