/// Runs `operation` against a deadline: when `seconds` pass first, the operation's task is
/// cancelled (every open lookup then returns at once, as cancelled) and what it returns
/// after that is still the result, marked `exceeded`. The one race of the collector's
/// per-domain deadline and the `spf` command's. When the caller itself is cancelled, the
/// operation is cancelled too and its result is not marked `exceeded` (no deadline passed).
public func withDeadline<T: Sendable>(seconds: Double, _ operation: @escaping @Sendable () async -> T) async -> (value: T, exceeded: Bool) {
    await withTaskGroup(of: DeadlineRace<T>.self) { group in
        group.addTask { .finished(await operation()) }
        group.addTask {
            do {
                try await Task.sleep(for: .seconds(min(max(seconds, 0), 1e9)))
                return .deadline
            } catch {
                return .cancelled
            }
        }
        var exceeded = false
        while let next = await group.next() {
            switch next {
            case .finished(let value):
                group.cancelAll()
                return (value, exceeded)
            case .deadline:
                exceeded = true
                group.cancelAll()
            case .cancelled:
                break
            }
        }
        fatalError("the operation's task always finishes")
    }
}

/// Who finished first in `withDeadline`.
enum DeadlineRace<T: Sendable>: Sendable {
    case finished(T)
    case deadline
    case cancelled
}
