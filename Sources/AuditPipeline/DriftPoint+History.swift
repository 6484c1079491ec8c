import Drift
import History

extension DriftPoint {
    /// A stored record of the history as the earlier side: "run N".
    public init(_ stored: StoredDomainRun) {
        self.init(source: "run \(stored.summary.runID)", time: stored.summary.collectedAt, findings: stored.report.findings,
                  facts: stored.report.facts, collectionError: stored.report.summary.collectionError)
    }
}
