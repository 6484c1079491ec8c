import Foundation
import NetworkSupport

/// One answer per question for a run, shared by concurrent lookups: the first asker starts
/// the query, later askers of the same question wait for the same answer, and once it is
/// in, every asker gets it at once. A waiter whose task is cancelled (the domain's deadline)
/// stops waiting with a `cancelled` answer; the query itself still completes for the others.
/// A failed answer (SERVFAIL, timeout, ...) is kept only `failureLifetime` seconds: one
/// transient failure must not stand for every later domain that shares the name (their MX
/// host), while the domains asking at the same moment still share one query.
final class AnswerCache: Sendable {
    private enum Entry {
        case pending([Int: CheckedContinuation<DNSAnswer, Never>])
        /// `until`: the monotonic time a failure stops being handed out; nil for good.
        /// `bytes`: its estimated size, counted in `storedBytes`.
        case done(DNSAnswer, until: Double?, bytes: Int)
    }
    private let failureLifetime: Double

    private struct State {
        var entries: [DNSQuestion: Entry] = [:]
        var nextToken = 0
        /// Stored answers in the order they came, with their size, for evicting the oldest
        /// first. A question stored again (a failure asked anew) has a second slot; the
        /// first then finds an entry of another age and is skipped.
        var order: [(question: DNSQuestion, bytes: Int)] = []
        var orderHead = 0
        var storedBytes = 0
    }

    /// A pthread mutex (NSLock), not Synchronization's Mutex: ThreadSanitizer sees the
    /// former's ordering; the latter's atomics live in an uninstrumented library, so every
    /// access under it was reported as a race (scripts/sanitizers.sh).
    private let state = LockedState(State())
    private let keepsAnswers: Bool
    /// The most bytes of answers kept (`DNSAnswer.estimatedBytes`); the oldest go first, so
    /// a run over any number of domains keeps memory bounded while answers shared by nearby
    /// domains (their MX hosts) stay.
    private let capacity: Int
    private let counters: DNSCounters?

    init(keepsAnswers: Bool, capacity: Int = 4 << 20, failureLifetime: Double = 5, counters: DNSCounters? = nil) {
        self.keepsAnswers = keepsAnswers
        self.failureLifetime = failureLifetime
        self.capacity = max(1, capacity)
        self.counters = counters
    }

    private enum Action {
        case wait
        case start
        case resume(DNSAnswer)
    }

    /// The answer to `question`: from the cache, from a query already under way, or from
    /// a new one that `start` launches (it must call the given completion exactly once).
    func answer(
        for question: DNSQuestion,
        start: @Sendable (@escaping @Sendable (DNSAnswer) -> Void) -> Void
    ) async -> DNSAnswer {
        let token = state.withLock { state -> Int in
            state.nextToken += 1
            return state.nextToken
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let action = state.withLock { state -> Action in
                    if Task.isCancelled { return .resume(Self.cancelled(question)) }
                    switch state.entries[question] {
                    case .done(_, let until?, let bytes) where until < MonotonicClock.seconds():
                        state.entries[question] = .pending([token: continuation])
                        state.storedBytes -= bytes
                        return .start
                    case .done(let answer, _, _):
                        return .resume(answer)
                    case .pending(var waiters):
                        waiters[token] = continuation
                        state.entries[question] = .pending(waiters)
                        return .wait
                    case nil:
                        state.entries[question] = .pending([token: continuation])
                        return .start
                    }
                }
                counters?.add {
                    $0.questions += 1
                    if case .start = action {} else { $0.sharedAnswers += 1 }
                }
                switch action {
                case .wait: break
                case .resume(let answer): continuation.resume(returning: answer)
                case .start: start { answer in self.complete(question, with: answer) }
                }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<DNSAnswer, Never>? in
                guard case .pending(var waiters) = state.entries[question],
                      let continuation = waiters.removeValue(forKey: token) else { return nil }
                state.entries[question] = .pending(waiters)
                return continuation
            }
            waiter?.resume(returning: Self.cancelled(question))
        }
    }

    private func complete(_ question: DNSQuestion, with answer: DNSAnswer) {
        let waiters = state.withLock { state -> [CheckedContinuation<DNSAnswer, Never>] in
            guard case .pending(let waiters) = state.entries[question] else { return [] }
            guard keepsAnswers else {
                state.entries[question] = nil
                return Array(waiters.values)
            }
            let bytes = answer.estimatedBytes
            state.entries[question] = .done(answer, until: answer.outcome.isDefinite ? nil : MonotonicClock.seconds() + failureLifetime,
                                            bytes: bytes)
            state.order.append((question, bytes))
            state.storedBytes += bytes
            while state.storedBytes > capacity, state.orderHead < state.order.count {
                let oldest = state.order[state.orderHead]
                state.orderHead += 1
                if case .done(_, _, let stored) = state.entries[oldest.question], stored == oldest.bytes {
                    state.entries[oldest.question] = nil
                    state.storedBytes -= stored
                }
            }
            if state.orderHead > 4096 && state.orderHead * 2 > state.order.count {
                state.order.removeFirst(state.orderHead)
                state.orderHead = 0
            }
            return Array(waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: answer) }
    }

    /// The estimated bytes of the answers stored.
    var storedBytes: Int { state.withLock { $0.storedBytes } }

    /// How many questions have an answer stored.
    var count: Int {
        state.withLock { state in
            state.entries.values.filter { if case .done = $0 { return true } else { return false } }.count
        }
    }

    private static func cancelled(_ question: DNSQuestion) -> DNSAnswer {
        DNSAnswer(question: question, outcome: .cancelled,
                  detail: "stopped waiting: the domain's deadline passed before the answer came")
    }
}
