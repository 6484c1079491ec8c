import Foundation
import SMTPProbe

/// Resumes a continuation once, whichever of two racers comes first.
final class ResumeOnce: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<SMTPSessionResult, Never>?

    init(_ continuation: CheckedContinuation<SMTPSessionResult, Never>) { self.continuation = continuation }

    func resume(_ value: SMTPSessionResult) {
        lock.lock()
        let waiting = continuation
        continuation = nil
        lock.unlock()
        waiting?.resume(returning: value)
    }
}
