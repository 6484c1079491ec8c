import Foundation

/// A queue of jobs for dedicated threads: producers on any thread, consumers that block
/// while there is nothing to do.
final class JobQueue<Job>: @unchecked Sendable {
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var queue: [Job] = []
    private var head = 0
    private var closed = false

    func submit(_ job: Job) {
        condition.lock()
        queue.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Lets the consumers finish the queued jobs and stop.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// Up to `max` queued jobs. With `wait`, blocks until there is one, and returns nil
    /// once the queue is closed and drained; without, returns at once (maybe empty).
    func take(max: Int, wait: Bool) -> [Job]? {
        condition.lock()
        defer { condition.unlock() }
        while head == queue.count {
            if closed { return wait ? nil : [] }
            if !wait { return [] }
            condition.wait()
        }
        let count = Swift.min(Swift.max(0, max), queue.count - head)
        let jobs = Array(queue[head..<(head + count)])
        head += count
        if head > 1024 && head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
        return jobs
    }
}
