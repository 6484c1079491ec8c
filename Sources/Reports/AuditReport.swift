import Foundation
import MailFacts
import RuleEngine

/// One domain's audit: its facts and the findings the rules made of them.
public struct DomainReport: Codable, Sendable {
    public var domain: String
    public var summary: FindingSummary
    public var findings: [Finding]
    public var facts: FactSet

    public init(facts: FactSet, findings: [Finding]) {
        self.domain = facts.domain
        self.facts = facts
        self.findings = findings
        self.summary = FindingSummary(findings, collectionError: facts.collection.error)
    }
}

/// Counts per outcome, and the exit status they lead to (DESIGN.md, "Outcomes and exit codes").
public struct FindingSummary: Codable, Sendable, Equatable {
    public var pass = 0, info = 0, warn = 0, fail = 0, error = 0, notApplicable = 0
    /// Findings a profile's waiver accepts: listed, not counted above.
    public var waived = 0
    /// The domain could not be audited at all (the resolver failed, ...).
    public var collectionError: String?

    public init(_ findings: [Finding], collectionError: String? = nil) {
        self.collectionError = collectionError
        for finding in findings {
            if finding.waiver != nil { waived += 1; continue }
            switch finding.outcome {
            case .pass: pass += 1
            case .info: info += 1
            case .warn: warn += 1
            case .fail: fail += 1
            case .error: error += 1
            case .notApplicable: notApplicable += 1
            }
        }
    }

    /// What this domain's findings mean for the exit code.
    public func exitStatus(failOn threshold: FailureThreshold = .warn) -> ExitStatus {
        ExitStatus(self, failOn: threshold)
    }
}

/// A whole run: every domain audited.
public struct AuditReport: Codable, Sendable {
    /// Bumped whenever a field changes meaning or disappears.
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    public var tool: ToolInfo
    public var generatedAt: String
    /// The profile the rules ran under.
    public var profile: String
    public var domains: [DomainReport]

    public init(domains: [DomainReport], generatedAt: String, profile: String) {
        self.schemaVersion = Self.currentSchemaVersion
        self.tool = ToolInfo()
        self.generatedAt = generatedAt
        self.profile = profile
        self.domains = domains
    }

    /// The worst domain decides.
    public func exitStatus(failOn threshold: FailureThreshold = .warn) -> ExitStatus {
        domains.map { $0.summary.exitStatus(failOn: threshold) }.max() ?? .ok
    }
}
