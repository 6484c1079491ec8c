import Drift
import History
import Reports

/// The changes of a stored domain-run since the record before it.
public enum DomainDriftFromHistory {
    /// How many older records are read, at most, for what the previous one did not measure.
    public static let lookBack = 10

    /// The earlier side for `report`: the `previous` record, with what it did not measure and
    /// `report` did (rules it did not judge, servers not probed under `--no-smtp`) taken from
    /// the latest older records that did, up to `lookBack` of them back. So a problem measured
    /// again after a run that could not see it is compared with the last run that saw it: not
    /// new, and its `since` kept.
    public static func earlier(for report: DomainReport, previous: StoredDomainRun, in history: RunHistory) async throws(HistoryError) -> DriftPoint {
        var point = DriftPoint(previous)
        var missing = point.unmeasured(comparedWith: DriftPoint(report))
        // What the probes measure comes from the last run that probed, however many --no-smtp
        // runs came between (hourly DNS checks beside a nightly probe).
        if missing.servers || missing.rules.contains(where: DriftPoint.measuredByProbes),
           let probed = try await history.latest(domain: report.domain, before: previous.summary.runID, probed: true) {
            missing = point.fill(missing, from: DriftPoint(probed))
        }
        var before = previous.summary.runID
        var read = 0
        while !missing.isEmpty, read < lookBack, let older = try await history.latest(domain: report.domain, before: before) {
            missing = point.fill(missing, from: DriftPoint(older))
            before = older.summary.runID
            read += 1
        }
        return point
    }

    public static func make(_ report: DomainReport, earlier: DriftPoint, source: String? = nil, remindAfterDays: Int? = nil) -> DomainDrift {
        DomainDrift(domain: report.domain, from: earlier, to: DriftPoint(report, source: source ?? "this run"), remindAfterDays: remindAfterDays)
    }

    public static func make(_ report: DomainReport, previous: StoredDomainRun, in history: RunHistory, source: String? = nil,
                     remindAfterDays: Int? = nil) async throws(HistoryError) -> DomainDrift {
        make(report, earlier: try await earlier(for: report, previous: previous, in: history), source: source, remindAfterDays: remindAfterDays)
    }
}
