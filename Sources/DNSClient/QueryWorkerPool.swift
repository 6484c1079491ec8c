import Foundation

/// Dedicated threads that run the DNS exchanges (each a `MultiplexWorker` with many
/// queries in flight), so that waiting for a socket never occupies Swift's cooperative pool (C-INTEROP.md, pitfall 8: on 2 cores that pool
/// is 2 threads wide, and 8 blocking queries would take 4 timeouts instead of 1).
final class QueryWorkerPool: @unchecked Sendable {
    struct Job {
        let question: DNSQuestion
        let completion: @Sendable (DNSAnswer) -> Void
    }

    // Guarded by `condition`.
    private let condition = NSCondition()
    private var queue: [Job] = []
    private var head = 0
    private var closed = false

    /// Queries one worker keeps in flight at most.
    static let capacityPerWorker = 256
    /// The longest a busy worker waits for answers before it looks for new questions.
    static let pickUpInterval = 0.002

    init(threads: Int, configuration: DNSClientConfiguration) {
        for index in 0..<max(1, threads) {
            let thread = Thread { [self] in
                // Each thread owns its sockets; a MultiplexWorker is never shared.
                let worker = MultiplexWorker(configuration: configuration)
                while let jobs = take(max: Self.capacityPerWorker - worker.activeCount, wait: worker.activeCount == 0) {
                    for job in jobs { worker.begin(job) }
                    worker.step(maxWait: Self.pickUpInterval)
                }
            }
            thread.name = "mailaudit-dns-\(index)"
            thread.stackSize = 256 * 1024
            thread.start()
        }
    }

    func submit(_ job: Job) {
        condition.lock()
        queue.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Lets the threads finish the queued jobs and exit.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// Up to `max` queued jobs. With `wait`, blocks until there is one, and returns nil
    /// once the pool is closed and drained; without, returns at once (maybe empty).
    private func take(max: Int, wait: Bool) -> [Job]? {
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
