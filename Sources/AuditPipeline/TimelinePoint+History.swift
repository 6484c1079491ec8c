import History
import Reports

extension TimelinePoint {
    public init(_ summary: DomainRunSummary) {
        self.init(run: summary.runID, time: summary.collectedAt, pass: summary.pass, info: summary.info, warn: summary.warn,
                  fail: summary.fail, error: summary.error)
    }

    /// The domain's last runs before `run` from the history, oldest first, then this report.
    public static func of(_ report: DomainReport, in history: RunHistory, before run: Int64, thisRun: Int64, count: Int = 14) async throws -> [TimelinePoint] {
        let earlier = try await history.timeline(domain: report.domain, before: run, limit: count - 1)
        let s = report.summary
        return earlier.reversed().map(TimelinePoint.init)
            + [TimelinePoint(run: thisRun, time: report.facts.collectedAt, pass: s.pass, info: s.info, warn: s.warn, fail: s.fail, error: s.error)]
    }
}
