import Foundation
import MailFacts
import RuleEngine

/// Counts per outcome, and the exit status they lead to (docs/architecture.md, "Outcomes and exit codes").
public struct FindingSummary: Codable, Sendable, Equatable {
    public var pass = 0, info = 0, warn = 0, fail = 0, error = 0, notApplicable = 0
    /// Findings a profile's waiver accepts: listed, not counted above.
    public var waived = 0
    /// Findings another finding supersedes (the same cause, reported once): kept in the
    /// report, not counted above.
    public var superseded = 0
    /// Findings a root cause kept from being judged (the domain does not exist): n/a,
    /// counted here rather than above.
    public var blocked = 0
    /// Of the n/a findings, those whose check held on what was measured while part of its
    /// input was not measured (`Finding.notTested`); nil when none.
    public var notTested: Int?
    /// The domain could not be audited at all (the resolver failed, ...).
    public var collectionError: String?

    /// Summary keys are spelled as the outcomes are (`n/a`).
    enum CodingKeys: String, CodingKey {
        case pass, info, warn, fail, error, notApplicable = "n/a", waived, superseded, blocked, notTested, collectionError
    }

    public init(_ findings: [Finding], collectionError: String? = nil) {
        self.collectionError = collectionError
        // A domain that could not be audited is an error of its own (the exit status is 3).
        if collectionError != nil { error += 1 }
        for finding in findings {
            // Finding.standing: a repeat of another cause first, then a waiver.
            switch finding.standing {
            case .superseded: superseded += 1; continue
            case .blocked: blocked += 1; continue
            case .waived: waived += 1; continue
            case .counted: break
            }
            switch finding.outcome {
            case .pass: pass += 1
            case .info: info += 1
            case .warn: warn += 1
            case .fail: fail += 1
            case .error: error += 1
            case .notApplicable:
                notApplicable += 1
                if finding.notTested == true { notTested = (notTested ?? 0) + 1 }
            }
        }
    }

    /// What this domain's findings mean for the exit code.
    public func exitStatus(failOn threshold: FailureThreshold = .warn) -> ExitStatus {
        ExitStatus(self, failOn: threshold)
    }
}
