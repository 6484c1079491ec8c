import Foundation
import LabSupport
import Testing

extension ProgramTests {
    /// Audits of a few hundred lab domains through a resolver path that loses, fails and
    /// mangles answers, compared rule by rule with a clean run: a fault may turn a finding
    /// into `error` (the lookup failed), never into a verdict the clean run does not give.
    @Suite("DNS faults: an audit through a bad resolver path, compared with a clean run")
    struct DNSFaultTests {
        /// The lab's own domains (each exercises other rules) and 200 names under the
        /// wildcard bench.test; drift.test is left out (other tests change it).
        static let domains: [String] = [
            "good.test", "dane.test", "bogus.test", "unsigned.test", "nomx.test", "nullmx.test", "noaddr.test",
            "cnamemx.test", "dmarc.test", "records.test", "spf.test", "sts.test", "tls.test", "chain.test", "big.test",
        ] + (0..<200).map { "d\($0).bench.test" }

        struct Finding: Hashable, CustomStringConvertible {
            var domain: String, rule: String, subject: String
            var description: String { "\(domain) \(rule) \(subject)" }
        }

        /// One audit as findings → outcomes (`n/a (not judged)` for a finding an error kept
        /// from being judged); the binary's status and stderr for messages.
        private func audit(resolver: String, extra: [String]) async throws -> (outcomes: [Finding: String], status: Int32, stderr: String) {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailaudit-faults-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let list = folder.appendingPathComponent("domains.txt")
            try Self.domains.joined(separator: "\n").write(to: list, atomically: true, encoding: .utf8)
            // The hang deadline: 25 domains at once, 30 s per domain at most.
            let result = await Binary.run(["audit", "--domains-file", list.path, "--resolver", resolver, "--no-smtp",
                                           "--format", "jsonl", "--facts", "none", "--concurrency", "25"] + extra,
                                          timeout: 240)
            var outcomes: [Finding: String] = [:]
            var domains = 0
            for line in result.stdout.split(separator: "\n") {
                let report = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                let domain = try #require(report["domain"] as? String)
                domains += 1
                for finding in report["findings"] as? [[String: Any]] ?? [] {
                    let key = Finding(domain: domain, rule: finding["ruleID"] as? String ?? "?", subject: finding["subject"] as? String ?? "")
                    let outcome = finding["outcome"] as? String ?? "?"
                    outcomes[key] = finding["blockedBy"] != nil ? "\(outcome) (not judged)" : outcome
                }
            }
            #expect(domains == Self.domains.count, "every domain reported: \(result.stderr.prefix(500))")
            return (outcomes, result.status, result.stderr)
        }

        /// Every finding of the faulty run is what the clean run says, or `error`, or not
        /// judged (n/a because an error blocked it, or n/a for a subject the clean run did not
        /// have: a DKIM selector whose lookup failed has no key to judge); returns
        /// (same, errors or not judged, wrong) and records an issue per wrong verdict.
        private func compare(_ faulty: [Finding: String], with clean: [Finding: String], path: String) -> (same: Int, errors: Int, wrong: Int) {
            var same = 0, errors = 0, wrong = 0
            for (finding, outcome) in faulty.sorted(by: { $0.key.description < $1.key.description }) {
                if clean[finding] == outcome {
                    same += 1
                } else if outcome == "error" || outcome == "n/a (not judged)" || (outcome == "n/a" && clean[finding] == nil) {
                    errors += 1
                } else {
                    wrong += 1
                    Issue.record("through \(path): \(finding) is \(outcome), the clean run says \(clean[finding] ?? "nothing")")
                }
            }
            return (same, errors, wrong)
        }

        @Test("10% loss, 5% random SERVFAIL, and a mix of every fault: errors, never a false verdict", .tags(.lab))
        func faultsGiveErrorsNotVerdicts() async throws {
            try await Lab.start()
            let clean = try await audit(resolver: Lab.resolver, extra: [])
            #expect(clean.outcomes.count > 1000, "the clean run judged the domains")
            #expect(clean.outcomes.values.contains("fail"), "the clean run has failures to keep")
            #expect(!clean.outcomes.values.contains("error") || clean.outcomes.filter { $0.value == "error" }.count < 20)

            let paths: [(String, FaultyResolver.Rates, UInt64)] = [
                ("loss", .init(drop: 0.10), 11),
                ("servfail", .init(servfail: 0.05), 12),
                ("mixed", .init(drop: 0.03, servfail: 0.02, delay: 0.05, duplicate: 0.05, reorder: 0.1, wrongID: 0.03, truncate: 0.01), 13),
            ]
            for (name, rates, seed) in paths {
                let resolver = try FaultyResolver(rates: rates, seed: seed)
                defer { resolver.stop() }
                // Short tries, a few of them: a lost answer costs 0.4 s, not the default 2.
                let faulty = try await audit(resolver: resolver.resolver, extra: ["--timeout", "0.4", "--retries", "3"])
                let counts = resolver.counts
                let (same, errors, wrong) = compare(faulty.outcomes, with: clean.outcomes, path: "\(rates)")
                let missing = clean.outcomes.keys.filter { faulty.outcomes[$0] == nil }.count
                print("conformance: DNS faults (\(rates)): \(counts.queries) queries, \(counts.dropped) dropped, \(counts.servfails) SERVFAIL, \(counts.truncated) truncated, \(counts.wrongIDs) wrong ID; \(faulty.outcomes.count) findings: \(same) as in the clean run, \(errors) error or not judged, \(wrong) a verdict the clean run does not give; \(missing) not judged (blocked by an error)")
                #expect(wrong == 0)
                #expect(counts.queries > 1000, "\(name): the audit went through the faulty resolver")
                #expect(faulty.status == clean.status || faulty.status == 3, "\(name): exit \(faulty.status), clean \(clean.status)")
                if name == "servfail" {
                    #expect(Set(faulty.outcomes.filter { $0.key.rule == "dnssec.bogus" && $0.value == "fail" }.map(\.key.domain)).sorted() == ["bogus.test"],
                            "only the bogus zone is bogus")
                }
            }
        }
    }
}
