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
        case done(DNSAnswer, until: Double?)
    }
    private let failureLifetime: Double

    private struct State {
        var entries: [DNSQuestion: Entry] = [:]
        var nextToken = 0
        /// Stored answers in the order they came, for evicting the oldest first.
        var order: [DNSQuestion] = []
        var orderHead = 0
        var stored = 0
    }

    /// A pthread mutex (NSLock), not Synchronization's Mutex: ThreadSanitizer sees the
    /// former's ordering; the latter's atomics live in an uninstrumented library, so every
    /// access under it was reported as a race (scripts/sanitizers.sh).
    private let state = LockedState(State())
    private let keepsAnswers: Bool
    /// The most answers kept; the oldest go first, so a run over thousands of domains keeps
    /// memory bounded while answers shared by nearby domains (their MX hosts) stay.
    private let capacity: Int

    init(keepsAnswers: Bool, capacity: Int = 50_000, failureLifetime: Double = 5) {
        self.keepsAnswers = keepsAnswers
        self.failureLifetime = failureLifetime
        self.capacity = max(1, capacity)
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
                    case .done(_, let until?) where until < MonotonicClock.seconds():
                        state.entries[question] = .pending([token: continuation])
                        state.stored -= 1
                        return .start
                    case .done(let answer, _):
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
            state.entries[question] = .done(answer, until: answer.outcome.isDefinite ? nil : MonotonicClock.seconds() + failureLifetime)
            state.order.append(question)
            state.stored += 1
            while state.stored > capacity, state.orderHead < state.order.count {
                let oldest = state.order[state.orderHead]
                state.orderHead += 1
                if case .done = state.entries[oldest] {
                    state.entries[oldest] = nil
                    state.stored -= 1
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

/// A value behind an NSLock, used like `Mutex.withLock`.
final class LockedState<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
