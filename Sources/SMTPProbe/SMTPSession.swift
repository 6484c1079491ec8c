import Foundation
import MailFacts
import NetworkSupport

/// Runs SMTP dialogues on a non-blocking socket bounded by poll timeouts and one overall
/// deadline. Call it from a dedicated thread (`ThreadSMTPProber` does), never from Swift's
/// cooperative pool.
public enum SMTPSession {
    public static func run(address: String, port: UInt16, configuration: SMTPProbeConfiguration) -> SMTPSessionResult {
        let began = MonotonicClock.seconds()
        var dialogue = SMTPDialogue(address: address, port: port, configuration: configuration)
        dialogue.run()
        // A busy server (421, or 4xx before anything was measured) is asked once more after a
        // pause, within the same deadline: a connection limit or a rate limit often clears in
        // seconds, and one temporary answer must not stand for the server.
        if let first = dialogue.result.failure, first.kind == .busy {
            let remaining = configuration.deadline - (MonotonicClock.seconds() - began)
            let pause = min(configuration.busyRetryPause, remaining / 3)
            if pause > 0, remaining - pause >= min(configuration.connectTimeout, 2) + 1 {
                var transcript = dialogue.result.transcript
                transcript.append(TranscriptLine(direction: .note, text: "busy (\(first.detail)); asking once more after \(Self.seconds(pause)) s"))
                Thread.sleep(forTimeInterval: pause)
                var again = configuration
                again.deadline = configuration.deadline - (MonotonicClock.seconds() - began)
                var second = SMTPDialogue(address: address, port: port, configuration: again)
                second.run()
                second.result.transcript = transcript + second.result.transcript
                if var failure = second.result.failure, failure.kind == .busy {
                    failure.detail += failure.detail == first.detail ? " (asked twice, \(Self.seconds(pause)) s apart)"
                        : " (asked again \(Self.seconds(pause)) s after: \(first.detail))"
                    second.result.failure = failure
                }
                second.result.attempts = 2
                dialogue = second
            }
        }
        dialogue.result.seconds = MonotonicClock.seconds() - began
        return dialogue.result
    }

    static func seconds(_ value: Double) -> String { String(format: "%.1f", value) }
}
