/// One earlier run of a domain, for the HTML report's timeline (from the history).
public struct TimelinePoint: Sendable, Equatable {
    public var run: Int64
    public var time: String
    public var pass: Int, info: Int, warn: Int, fail: Int, error: Int

    public init(run: Int64, time: String, pass: Int, info: Int, warn: Int, fail: Int, error: Int) {
        self.run = run
        self.time = time
        self.pass = pass
        self.info = info
        self.warn = warn
        self.fail = fail
        self.error = error
    }
}
