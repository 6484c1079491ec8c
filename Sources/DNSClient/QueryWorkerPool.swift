import Foundation

/// Dedicated threads that run blocking DNS exchanges, so that waiting for a socket never
/// occupies Swift's cooperative thread pool (C-INTEROP.md, pitfall 8: on 2 cores that pool
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

    init(threads: Int, runner: QueryRunner) {
        for index in 0..<max(1, threads) {
            let thread = Thread { [self] in
                // Each thread owns its sockets; WireExchange is never shared.
                let exchange = WireExchange()
                while let job = next() {
                    job.completion(runner.run(job.question, using: exchange))
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

    private func next() -> Job? {
        condition.lock()
        defer { condition.unlock() }
        while head == queue.count {
            if closed { return nil }
            condition.wait()
        }
        let job = queue[head]
        head += 1
        if head > 1024 && head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
        return job
    }
}
