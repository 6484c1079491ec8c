import Dispatch
import Reports
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// SIGINT and SIGTERM (README, "Signals"). Without a run that can stop gracefully, a signal
/// removes the temporary files of unfinished reports and ends the process with 128 + the
/// signal's number (130, 143), as a shell reports it. During `audit`, the first signal asks
/// the run to stop starting domains, finish those in flight and write the report of what
/// finished (`graceful`); a second one ends the process at once, the same way.
final class Signals: @unchecked Sendable {
    static let shared = Signals()

    private let lock = NSLock()
    private var first: Int32?
    private var graceful: (@Sendable (Int32) -> Void)?
    private var sources: [DispatchSourceSignal] = []
    private let queue = DispatchQueue(label: "mailaudit.signals")

    /// Takes SIGINT and SIGTERM from their default action (which ends the process without
    /// a word and leaves temporary files) to `received`.
    func install() {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [unowned self] in self.received(number) }
            source.resume()
            sources.append(source)
        }
    }

    /// While `body` runs, the first signal calls `handler` instead of ending the process.
    func gracefully<T>(_ handler: @escaping @Sendable (Int32) -> Void, _ body: () async throws -> T) async rethrows -> T {
        if let early = setGraceful(handler) { handler(early) }
        defer { _ = setGraceful(nil) }
        return try await body()
    }

    /// Sets the graceful handler; returns a signal that came before it.
    private func setGraceful(_ handler: (@Sendable (Int32) -> Void)?) -> Int32? {
        lock.withLock {
            graceful = handler
            return first
        }
    }

    private func received(_ number: Int32) {
        lock.lock()
        let isFirst = first == nil
        if isFirst { first = number }
        let handler = graceful
        lock.unlock()
        if isFirst, let handler {
            handler(number)
            return
        }
        OutputFile.removeTemporaries()
        StandardOutput.writeError("mailaudit: \(Self.name(number)): stopped\n")
        _exit(128 + number)
    }

    static func name(_ number: Int32) -> String {
        switch number {
        case SIGINT: return "SIGINT"
        case SIGTERM: return "SIGTERM"
        default: return "signal \(number)"
        }
    }
}
