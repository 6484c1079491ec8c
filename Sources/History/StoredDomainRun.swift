import Reports

/// One domain in one run, whole: the report as it was judged then.
public struct StoredDomainRun: Sendable {
    public var summary: DomainRunSummary
    public var report: DomainReport
}
