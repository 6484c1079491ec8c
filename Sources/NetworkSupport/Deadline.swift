/// Runs `operation` against a deadline: when `seconds` pass first, the operation's task is
/// cancelled (every open lookup then returns at once, as cancelled) and what it returns
/// after that is still the result, marked `exceeded`. The one race of the collector's
/// per-domain deadline and the `spf` command's.
public func withDeadline<T: Sendable>(seconds: Double, _ operation: @escaping @Sendable () async -> T) async -> (value: T, exceeded: Bool) {
    await withTaskGroup(of: T?.self) { group in
        group.addTask { await operation() }
        group.addTask {
            try? await Task.sleep(for: .seconds(seconds))
            return nil
        }
        // The first child to finish decides: the result, or the deadline.
        let first = await group.next()!
        group.cancelAll()
        if let first { return (first, false) }
        var late: T?
        while let next = await group.next() { if let next { late = next } }
        return (late!, true)
    }
}
