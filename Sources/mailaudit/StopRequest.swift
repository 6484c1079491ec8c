import Dispatch
import Reports
import Foundation
import Glibc

/// A run's stop request: the signal that asked for it, set once, read by the pipeline
/// before it starts each domain.
final class StopRequest: @unchecked Sendable {
    private let lock = NSLock()
    private var signalNumber: Int32?

    func request(_ number: Int32) {
        lock.lock()
        if signalNumber == nil { signalNumber = number }
        lock.unlock()
    }

    var requested: Bool {
        lock.lock()
        defer { lock.unlock() }
        return signalNumber != nil
    }

    /// How far the run got, when it was stopped; nil when every domain was audited.
    func interruption(audited: Int, total: Int) -> RunInterruption? {
        lock.lock()
        defer { lock.unlock() }
        guard let signalNumber, audited < total else { return nil }
        return RunInterruption(signal: Signals.name(signalNumber), number: signalNumber, audited: audited, total: total)
    }
}
