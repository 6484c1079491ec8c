import Collector
#if canImport(Glibc)
import Glibc
#endif
import MailFacts
import Reports
import RuleEngine

/// The audit pipeline, one place for every caller (`audit`, `check`, the benchmark, and the
/// run history to come): facts in, judged reports out, under the run's rules and profile.
public struct Auditor: Sendable {
    /// The rules of the run (built-in and `--rules`), already selected by the profile.
    public let judge: RuleJudge
    /// The profile, whose waivers are applied to every domain's findings.
    public let profile: Profile

    public init(judge: RuleJudge, profile: Profile) {
        self.judge = judge
        self.profile = profile
    }

    /// One domain's report from its facts; no I/O. A domain that could not be audited at all
    /// (`collection.error`) gets no findings: its summary says why. Throws when the facts
    /// cannot be turned into the rules' values.
    public func judge(_ facts: FactSet) throws -> DomainReport {
        guard facts.collection.error == nil else { return DomainReport(facts: facts, findings: []) }
        let value = try RuleSet.value(of: facts)
        return DomainReport(facts: facts, findings: judge.judge(value, subject: facts.domain, waivers: profile))
    }

    /// Collects and judges `domains`, at most `concurrency` at once, each within the
    /// collector's deadline, and hands each report to `each` as soon as it is judged (not in
    /// the order given: `AuditedDomain.index` says where it stood). The next domain starts
    /// only when `each` has returned, so a caller that writes and drops the reports keeps
    /// memory flat over any number of domains, however slow its output. An error thrown by
    /// `each` or by judging ends the run (the domains still in flight are cancelled).
    public func audit(_ domains: [DomainName], with collector: DomainCollector, concurrency: Int,
                      each: (AuditedDomain) async throws -> Void) async throws {
        try await audit(domains.map { CollectionTarget($0) }, with: collector, concurrency: concurrency, each: each)
    }

    /// The same, for domains with settings of their own (a domains file's lines). With
    /// `inOrder`, `each` gets the reports in the order the domains were given (for a
    /// document written as it goes): a report that comes early waits for those before it,
    /// and no domain starts more than `orderWindow(concurrency)` places ahead of the first
    /// unfinished one, so the reports waiting stay few however slow one domain is.
    /// Once `stopped` returns true (a signal), no further domain starts: those in flight
    /// finish within their deadline and are handed on, and the call returns.
    public func audit(_ domains: [CollectionTarget], with collector: DomainCollector, concurrency: Int, inOrder: Bool = false,
                      stopped: @Sendable () -> Bool = { false },
                      each: (AuditedDomain) async throws -> Void) async throws {
        let limit = max(1, concurrency)
        let window = inOrder ? Self.orderWindow(limit) : Int.max
        try await withThrowingTaskGroup(of: AuditedDomain.self) { group in
            var next = 0, running = 0, handed = 0, trimmedAt = 0
            var early: [Int: AuditedDomain] = [:]
            // Nothing running means every started domain was handed on (handed == next),
            // so a start is always possible then: the window cannot stall the run.
            func start() {
                while next < domains.count, running < limit, next - handed < window, !stopped() {
                    let index = next, name = domains[index]
                    group.addTask {
                        AuditedDomain(index: index, report: try self.judge(await collector.collect(name)))
                    }
                    next += 1
                    running += 1
                }
            }
            start()
            for try await audited in group {
                running -= 1
                if inOrder {
                    early[audited.index] = audited
                    while let ready = early.removeValue(forKey: handed) {
                        try await each(ready)
                        handed += 1
                    }
                } else {
                    try await each(audited)
                    handed += 1
                }
                if handed - trimmedAt >= Self.trimInterval {
                    trimmedAt = handed
                    Self.releaseFreeMemory()
                }
                start()
            }
        }
    }

    /// How many domains are handed on between two `releaseFreeMemory` calls.
    static let trimInterval = 1_000

    /// Gives the pages of freed memory back to the system (glibc's `malloc_trim`). A run
    /// makes about 7,000 allocations a domain, from several threads; glibc keeps what they
    /// free inside its heaps, scattered among live blocks, so without this the resident
    /// memory of a long run grew by 0.3 to 0.9 KB a domain while the live heap stayed at
    /// about 22 MB (heaptrack, 20,000 domains).
    /// Swift's Glibc module does not declare `malloc_trim` (a GNU extension), so it is looked
    /// up once by name.
    static func releaseFreeMemory() {
        #if canImport(Glibc)
        _ = mallocTrim?(0)
        #endif
    }

    #if canImport(Glibc)
    private typealias MallocTrim = @convention(c) (Int) -> Int32
    private static let mallocTrim: MallocTrim? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim")
        .map { unsafeBitCast($0, to: MallocTrim.self) }
    #endif

    /// How far ahead of the first unfinished domain an in-order run may start domains.
    public static func orderWindow(_ concurrency: Int) -> Int { max(4 * concurrency, 64) }

    /// Every report of `audit`, in the order the domains were given.
    public func auditAll(_ domains: [DomainName], with collector: DomainCollector, concurrency: Int) async throws -> [DomainReport] {
        try await auditAll(domains.map { CollectionTarget($0) }, with: collector, concurrency: concurrency)
    }

    /// Every report of `audit`, in the order the targets were given.
    public func auditAll(_ domains: [CollectionTarget], with collector: DomainCollector, concurrency: Int) async throws -> [DomainReport] {
        var reports: [(Int, DomainReport)] = []
        try await audit(domains, with: collector, concurrency: concurrency) { reports.append(($0.index, $0.report)) }
        return reports.sorted { $0.0 < $1.0 }.map(\.1)
    }
}
