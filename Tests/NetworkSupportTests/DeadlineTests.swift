import NetworkSupport
import Testing

@Suite("withDeadline: the race of an operation against a deadline")
struct DeadlineTests {
    @Test("an operation that ends in time is not marked exceeded")
    func inTime() async {
        let (value, exceeded) = await withDeadline(seconds: 5) { 42 }
        #expect(value == 42 && !exceeded)
    }

    @Test("at the deadline the operation is cancelled, and its partial result is kept, marked exceeded")
    func exceeded() async {
        let (value, exceeded) = await withDeadline(seconds: 0.1) { () -> String in
            while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(5)) }
            return "partial"
        }
        #expect(value == "partial" && exceeded)
    }

    @Test("the caller's own cancellation cancels the operation but is not a deadline")
    func callerCancelled() async {
        let task = Task {
            await withDeadline(seconds: 30) { () -> String in
                while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(5)) }
                return "stopped"
            }
        }
        try? await Task.sleep(for: .milliseconds(50))
        task.cancel()
        let (value, exceeded) = await task.value
        #expect(value == "stopped" && !exceeded)
    }
}
