import Drift
import Reports

extension DriftPoint {
    /// The later side of a comparison: the report just judged.
    public init(_ report: DomainReport, source: String = "this run") {
        self.init(source: source, time: report.facts.collectedAt, findings: report.findings, facts: report.facts,
                  collectionError: report.summary.collectionError)
    }
}
