import AuditPipeline
import Drift
import Foundation
import MailFacts
import Reports
import RuleEngine

/// A JSON report saved earlier (`audit --format json --output FILE`), read as the earlier side
/// of `--baseline`. Reports of schemaVersion 2 and 3 are read (their findings and facts are
/// the same); facts are compared only when the report was saved with them (`--facts full`,
/// JSON's default).
struct Baseline: DriftBaseline {
    struct Domain: Sendable {
        var findings: [Finding]
        var facts: FactSet?
        var collectionError: String?
    }

    let path: String
    let generatedAt: String
    let domains: [String: Domain]

    static let readableSchemaVersions = 2...AuditReport.currentSchemaVersion

    static func read(_ path: String) throws -> Baseline {
        let data = try InputFile.read(path)
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw UserError("baseline \(path): not a JSON report; give a file written by audit --format json")
        }
        guard let version = root["schemaVersion"] as? Int, root["domains"] is [Any] else {
            throw UserError("baseline \(path): not a mailaudit JSON report (no schemaVersion or domains); give a file written by audit --format json")
        }
        guard readableSchemaVersions.contains(version) else {
            throw UserError("baseline \(path): schemaVersion \(version), this mailaudit reads \(readableSchemaVersions.lowerBound) to \(readableSchemaVersions.upperBound); save a new baseline with this version")
        }
        struct Report: Decodable {
            struct Entry: Decodable {
                var domain: String
                var findings: [Finding]
                var facts: FactSet?
                var summary: Summary?
                struct Summary: Decodable { var collectionError: String? }

                init(from decoder: any Decoder) throws {
                    let container = try decoder.container(keyedBy: CodingKeys.self)
                    domain = try container.decode(String.self, forKey: .domain)
                    findings = try container.decode([Finding].self, forKey: .findings)
                    // A report saved with --facts summary or none has no FactSet: findings only.
                    facts = try? container.decodeIfPresent(FactSet.self, forKey: .facts)
                    summary = try? container.decodeIfPresent(Summary.self, forKey: .summary)
                }
                enum CodingKeys: String, CodingKey { case domain, findings, facts, summary }
            }
            var generatedAt: String
            var domains: [Entry]
        }
        let report: Report
        do {
            report = try JSONDecoder().decode(Report.self, from: data)
        } catch {
            throw UserError("baseline \(path): \(DecodingProblem.describe(error))")
        }
        var domains: [String: Domain] = [:]
        for entry in report.domains {
            domains[entry.domain.lowercased()] = Domain(findings: entry.findings, facts: entry.facts, collectionError: entry.summary?.collectionError)
        }
        return Baseline(path: path, generatedAt: report.generatedAt, domains: domains)
    }

    /// A baseline that holds none of the domains audited is a mistake (another list, another
    /// customer): refused, naming a few of each.
    func check(covers audited: [String]) throws {
        let wanted = Set(audited.map { $0.lowercased() })
        guard !wanted.isEmpty, wanted.isDisjoint(with: domains.keys) else { return }
        let have = domains.keys.sorted().prefix(3).joined(separator: ", ")
        throw UserError("baseline \(path): holds none of the domains audited (it has \(have.isEmpty ? "none" : have)); give the baseline of these domains")
    }

    func drift(for report: DomainReport, remindAfterDays: Int? = nil) -> DomainDrift? {
        guard let earlier = domains[report.domain.lowercased()] else { return nil }
        return DomainDrift(domain: report.domain,
                           from: DriftPoint(source: "baseline \(path)", time: earlier.facts?.collectedAt ?? generatedAt,
                                            findings: earlier.findings, facts: earlier.facts, collectionError: earlier.collectionError),
                           to: DriftPoint(report), remindAfterDays: remindAfterDays, fixedEarlier: true)
    }

    /// The earlier side's findings and time, for carrying each problem's `since`.
    func earlier(for report: DomainReport) -> (findings: [Finding], time: String)? {
        domains[report.domain.lowercased()].map { ($0.findings, $0.facts?.collectedAt ?? generatedAt) }
    }
}
