import Foundation

/// Dedicated threads that run the DNS exchanges, so that waiting for a socket never
/// occupies Swift's cooperative pool (docs/c-interop.md, "Threads": on 2 cores that pool is 2
/// threads wide, and 8 blocking queries would take 4 timeouts instead of 1).
///
/// UDP threads each run a `MultiplexWorker` with many queries in flight. A query whose
/// UDP answer comes back truncated moves to a TCP thread, which finishes it with blocking
/// exchanges, so that a slow TCP server never holds up the UDP queries.
final class QueryWorkerPool: Sendable {
    struct Job {
        let question: DNSQuestion
        let completion: @Sendable (DNSAnswer) -> Void
    }

    /// A query to finish over TCP: its progress so far and the server that truncated.
    struct TCPJob {
        let progress: QueryProgress
        let server: DNSServer
        let completion: @Sendable (DNSAnswer) -> Void
    }

    /// Queries one UDP thread keeps in flight at most.
    static let capacityPerWorker = 256
    /// The longest a busy UDP thread waits for answers before it looks for new questions.
    static let pickUpInterval = 0.002
    /// Threads for TCP fallback (each holds one blocking exchange at a time).
    static let tcpThreads = 2

    private let jobs = JobQueue<Job>()
    private let tcpJobs = JobQueue<TCPJob>()

    init(threads: Int, configuration: DNSClientConfiguration, counters: DNSCounters? = nil) {
        let jobs = self.jobs, tcpJobs = self.tcpJobs
        let pacer = configuration.pacer
        for index in 0..<max(1, threads) {
            Self.start("mailaudit-dns-\(index)") {
                // Each thread owns its sockets; a MultiplexWorker is never shared.
                let worker = MultiplexWorker(configuration: configuration, counters: counters, pacer: pacer) { tcpJobs.submit($0) }
                while let batch = jobs.take(max: Self.capacityPerWorker - worker.activeCount, wait: worker.activeCount == 0) {
                    for job in batch { worker.begin(job) }
                    worker.step(maxWait: Self.pickUpInterval)
                }
            }
        }
        let runner = QueryRunner(configuration: configuration)
        for index in 0..<Self.tcpThreads {
            Self.start("mailaudit-dns-tcp-\(index)") {
                let exchange = WireExchange(counters: counters)
                while let batch = tcpJobs.take(max: 1, wait: true) {
                    for job in batch {
                        job.completion(runner.finishOverTCP(job.progress, server: job.server, using: exchange))
                    }
                }
            }
        }
    }

    func submit(_ job: Job) {
        jobs.submit(job)
    }

    /// Lets the threads finish the queued jobs and exit.
    func close() {
        jobs.close()
        tcpJobs.close()
    }

    private static func start(_ name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = name
        thread.stackSize = 256 * 1024
        thread.start()
    }
}
