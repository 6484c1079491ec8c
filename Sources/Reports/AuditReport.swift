import Foundation
import MailFacts
import RuleEngine

/// A whole run: every domain audited.
public struct AuditReport: Codable, Sendable {
    /// Bumped whenever a field changes meaning or disappears.
    /// 2: the run summary, superseded and blocked counts and findings, evidence, --facts
    /// summary/none, JSON Lines records with their run (a consumer that rejects unknown
    /// fields would break on them).
    /// 3: the summaries' `notApplicable` count is spelled `n/a`, as the outcome is.
    public static let currentSchemaVersion = 3

    public var schemaVersion: Int
    public var tool: ToolInfo
    public var generatedAt: String
    /// The profile the rules ran under.
    public var profile: String
    /// The totals across domains and the exit status of the run.
    public var summary: RunSummary
    public var domains: [DomainReport]
    /// Lines of the domains list that could not be used, and repeated domains.
    public var input: RunInput?

    public init(domains: [DomainReport], generatedAt: String, profile: String, failOn threshold: FailureThreshold = .warn,
                interrupted: RunInterruption? = nil, input: RunInput? = nil) {
        self.schemaVersion = Self.currentSchemaVersion
        self.tool = ToolInfo()
        self.generatedAt = generatedAt
        self.profile = profile
        self.domains = domains
        self.input = input
        self.summary = RunSummary(domains, failOn: threshold)
        self.summary.addInput(input)
        self.summary.interrupt(interrupted)
    }

    /// The worst domain decides, in the plugins' order (`ExitStatus`: 2 > 1 > 3 > 0).
    public func exitStatus(failOn threshold: FailureThreshold = .warn) -> ExitStatus {
        let worst = domains.map { $0.exitStatus(failOn: threshold) }.max() ?? .ok
        return input?.errors.isEmpty == false ? max(worst, .couldNotAudit) : worst
    }
}
