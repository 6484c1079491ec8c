import Reports

/// One domain's report as the audit stream yields it.
public struct AuditedDomain: Sendable {
    /// Where the domain stood in the list given to `Auditor.audit`.
    public let index: Int
    public let report: DomainReport

    public init(index: Int, report: DomainReport) {
        self.index = index
        self.report = report
    }
}
