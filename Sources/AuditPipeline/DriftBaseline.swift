import Drift
import MailFacts
import Reports
import RuleEngine

/// A fixed earlier state that a run is compared with instead of its history (`--baseline`,
/// a report saved earlier): what changed since, and each problem's earlier time.
public protocol DriftBaseline: Sendable {
    /// What changed for `report` since the baseline, or nil when it does not hold the domain.
    func drift(for report: DomainReport, remindAfterDays: Int?) -> DomainDrift?
    /// The baseline's findings of `report`'s domain and their time (to carry each problem's `since`).
    func earlier(for report: DomainReport) -> (findings: [Finding], time: String)?
}
