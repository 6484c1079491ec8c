import Foundation
import LabSupport
import Testing

extension ProgramTests {
    /// Approved providers: the MX and NS hosts a domain must use, declared per domain in the
    /// domains file (`mx=`, `ns=`) or for every domain in a profile (`settings.approvedMX`,
    /// `settings.approvedNS`). A host not approved fails, named.
    @Suite("Approved MX and NS hosts (lab)")
    struct ApprovedProvidersTests {
        /// Per domain: rule id · subject → outcome, and the messages of the failures.
        static func audit(_ arguments: [String]) async throws -> [String: (outcomes: [String: String], failures: [String])] {
            let run = await Binary.run(["audit"] + arguments + ["--resolver", Lab.resolver, "--no-smtp", "--ns-checks", "--format", "json"])
            let root = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
            var result: [String: (outcomes: [String: String], failures: [String])] = [:]
            for report in root["domains"] as? [[String: Any]] ?? [] {
                var outcomes: [String: String] = [:]
                var failures: [String] = []
                for finding in report["findings"] as? [[String: Any]] ?? [] {
                    let id = finding["ruleID"] as? String ?? "?"
                    guard id.hasSuffix(".not-approved") else { continue }
                    outcomes["\(id) · \(finding["subject"] as? String ?? "")"] = finding["outcome"] as? String
                    if finding["outcome"] as? String == "fail" { failures.append(finding["message"] as? String ?? "") }
                }
                result[report["domain"] as? String ?? "?"] = (outcomes, failures)
            }
            return result
        }

        @Test("per domain in the domains file: good.test may use *.good.test and ns2.test (ns4.test is not approved), unsigned.test only mx1.good.test", .tags(.lab))
        func domainsFile() async throws {
            try await Lab.start()
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("approved-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let list = folder.appendingPathComponent("domains.txt")
            try "good.test mx=*.good.test ns=ns2.test\nunsigned.test mx=mx1.good.test\nnomx.test\n".write(to: list, atomically: true, encoding: .utf8)
            let domains = try await Self.audit(["--domains-file", list.path])
            let good = try #require(domains["good.test"])
            #expect(good.outcomes["mx.not-approved · mx1.good.test"] == "pass" && good.outcomes["mx.not-approved · mx2.good.test"] == "pass", "\(good.outcomes)")
            #expect(good.outcomes["ns.not-approved · ns2.test"] == "pass" && good.outcomes["ns.not-approved · ns4.test"] == "fail", "\(good.outcomes)")
            #expect(good.failures.contains { $0.contains("served by ns4.test") && $0.contains("declared at \(list.path):1") }, "\(good.failures)")
            let unsigned = try #require(domains["unsigned.test"])
            #expect(unsigned.outcomes["mx.not-approved · mail.unsigned.test"] == "fail", "\(unsigned.outcomes)")
            #expect(unsigned.failures.contains { $0.contains("sends its mail to mail.unsigned.test") }, "\(unsigned.failures)")
            // Nothing declared for nomx.test, and no profile setting: nothing judged.
            #expect(domains["nomx.test"]?.outcomes.values.allSatisfy { $0 == "n/a" } == true, "\(domains["nomx.test"]?.outcomes ?? [:])")

            // An internationalised pattern is kept in A-label form, as host names reach the rules.
            try "nomx.test mx=*.bücher.test\n".write(to: list, atomically: true, encoding: .utf8)
            let idn = await Binary.run(["audit", "--domains-file", list.path, "--resolver", Lab.resolver, "--no-smtp", "--format", "json"])
            let idnRoot = try #require(try JSONSerialization.jsonObject(with: Data(idn.stdout.utf8)) as? [String: Any], "\(idn.stderr)")
            let approved = ((idnRoot["domains"] as? [[String: Any]])?.first?["facts"] as? [String: Any])?["approved"] as? [String: Any]
            #expect(approved?["mx"] as? [String] == ["*.xn--bcher-kva.test"], "\(approved ?? [:])")

            // A bad pattern is a one-line error naming the line.
            try "good.test mx=mx*.good.test\n".write(to: list, atomically: true, encoding: .utf8)
            let bad = await Binary.run(["audit", "--domains-file", list.path, "--resolver", Lab.resolver, "--no-smtp"])
            #expect(bad.status == 3 && bad.stderr.contains("domains.txt:1: mx=mx*.good.test") && bad.stderr.split(separator: "\n").count == 1, "\(bad.stderr)")
        }

        @Test("for every domain in a profile: settings.approvedMX *.good.test passes records.test and fails unsigned.test", .tags(.lab))
        func profile() async throws {
            try await Lab.start()
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("approved-\(UUID()).yaml")
            defer { try? FileManager.default.removeItem(at: file) }
            try "name: providers\nextends: default\nsettings:\n  approvedMX: [\"*.good.test\"]\n".write(to: file, atomically: true, encoding: .utf8)
            let domains = try await Self.audit(["records.test", "unsigned.test", "--profile", file.path])
            #expect(domains["records.test"]?.outcomes["mx.not-approved · mx1.good.test"] == "pass", "\(domains["records.test"]?.outcomes ?? [:])")
            #expect(domains["unsigned.test"]?.outcomes["mx.not-approved · mail.unsigned.test"] == "fail")
            #expect(domains["unsigned.test"]?.failures.first?.contains("from the profile") == true, "\(domains["unsigned.test"]?.failures ?? [])")
        }
    }
}
