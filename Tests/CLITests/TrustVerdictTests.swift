import Foundation
import LabSupport
import Testing

extension ProgramTests {
    /// Verdicts that claim only what was measured (issue 22, "never pass what was not
    /// tested"), on the lab as a user runs them.
    @Suite("Verdicts that claim only what was measured")
    struct TrustVerdictTests {
        static func report(_ arguments: [String]) async throws -> (status: Int32, domains: [[String: Any]]) {
            let run = await Binary.run(["audit"] + arguments + ["--resolver", Lab.resolver, "--ca-file", Lab.caFile, "--format", "json"])
            let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
            return (run.status, report["domains"] as? [[String: Any]] ?? [])
        }

        static func findings(_ domain: [String: Any], _ rule: String) -> [[String: Any]] {
            (domain["findings"] as? [[String: Any]] ?? []).filter { $0["ruleID"] as? String == rule }
        }

        @Test("TLS 1.0/1.1 and broken suites: one negotiated session is 'not tested', never a pass; with --tls-versions old versions are judged; under bod-18-01 SSLv3 is named as not tested",
              .tags(.lab))
        func tlsNotTested() async throws {
            try await Lab.start()
            let plain = try await Self.report(["good.test", "--profile", "bod-18-01"])
            let domain = try #require(plain.domains.first)
            for rule in ["smtp.old-tls", "smtp.weak-cipher", "smtp.sslv3"] {
                let found = Self.findings(domain, rule)
                #expect(!found.isEmpty && found.allSatisfy { $0["outcome"] as? String == "n/a" && $0["notTested"] as? Bool == true }, "\(rule): \(found)")
                #expect(found.allSatisfy { ($0["message"] as? String)?.hasPrefix("not tested: ") == true && ($0["title"] as? String)?.hasPrefix("Not tested: whether") == true },
                        "\(rule): \(found)")
            }
            #expect((Self.findings(domain, "smtp.old-tls").first?["message"] as? String)?.contains("--tls-versions") == true)
            #expect((domain["summary"] as? [String: Any])?["notTested"] as? Int ?? 0 >= 9, "\(String(describing: domain["summary"]))")
            // Tried one by one, TLS 1.0/1.1 refused: a pass that says so.
            let tried = try await Self.report(["good.test", "--tls-versions"])
            let oldTLS = Self.findings(try #require(tried.domains.first), "smtp.old-tls")
            #expect(!oldTLS.isEmpty && oldTLS.allSatisfy { $0["outcome"] as? String == "pass" && ($0["title"] as? String)?.contains("when each was tried") == true }, "\(oldTLS)")
            // A server that accepts only TLS 1.0/1.1 fails with or without --tls-versions.
            let old = try await Self.report(["oldtls.tls.test"])
            #expect(Self.findings(try #require(old.domains.first), "smtp.old-tls").contains { $0["outcome"] as? String == "warn" })
            // The text report lists them under NOT TESTED, grouped by rule.
            let text = await Binary.run(["audit", "good.test", "--resolver", Lab.resolver, "--ca-file", Lab.caFile])
            #expect(text.stdout.contains("NOT TESTED") && text.stdout.contains("(smtp.old-tls)"), "\(text.stdout)")
            #expect(text.stdout.components(separatedBy: "(smtp.old-tls)").count == 2, "one line for every endpoint of the rule: \(text.stdout)")
        }

        @Test("bod-18-01 requires reports@dmarc.cyber.dhs.gov in rua: a record without it fails, one with it passes (check --facts on the lab's facts)",
              .tags(.lab))
        func bodReportingAddress() async throws {
            try await Lab.start()
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailaudit-bod-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let facts = await Binary.run(["facts", "good.test", "--resolver", Lab.resolver, "--no-smtp"])
            #expect(facts.status == 0, "\(facts.stderr)")
            let without = folder.appendingPathComponent("without.json")
            try Data(facts.stdout.utf8).write(to: without)
            // The same facts with DHS added to the record's rua.
            var object = try #require(try JSONSerialization.jsonObject(with: Data(facts.stdout.utf8)) as? [String: Any])
            var dmarc = try #require(object["dmarc"] as? [String: Any])
            var record = try #require(dmarc["record"] as? [String: Any])
            record["rua"] = (record["rua"] as? [[String: Any]] ?? []) + [["uri": "mailto:reports@dmarc.cyber.dhs.gov", "scheme": "mailto", "address": "reports@dmarc.cyber.dhs.gov"]]
            dmarc["record"] = record
            object["dmarc"] = dmarc
            let with = folder.appendingPathComponent("with.json")
            try JSONSerialization.data(withJSONObject: object).write(to: with)
            func outcome(_ file: URL) async throws -> String? {
                let run = await Binary.run(["check", "--facts", file.path, "--profile", "bod-18-01", "--format", "json"])
                let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
                let domain = try #require((report["domains"] as? [[String: Any]])?.first)
                return Self.findings(domain, "dmarc.required-rua").first?["outcome"] as? String
            }
            #expect(try await outcome(without) == "fail")
            #expect(try await outcome(with) == "pass")
        }

        @Test("every DKIM selector the user names gets its own verdict: one with a key does not hide one without", .tags(.lab))
        func namedSelectors() async throws {
            try await Lab.start()
            let run = try await Self.report(["good.test", "--no-smtp", "--dkim-selector", "sel2048", "--dkim-selector", "s2024"])
            let found = Self.findings(try #require(run.domains.first), "dkim.no-key")
            let bySubject = Dictionary(found.map { (($0["subject"] as? String) ?? "", $0) }, uniquingKeysWith: { a, _ in a })
            #expect(bySubject["sel2048._domainkey.good.test"]?["outcome"] as? String == "pass", "\(found)")
            let missing = try #require(bySubject["s2024._domainkey.good.test"], "\(found)")
            #expect(missing["outcome"] as? String == "warn" && (missing["message"] as? String)?.contains("no key record") == true, "\(missing)")
            #expect(run.status != 0)
        }

        @Test("the HTML overview shows no green pass for what was not judged: DANE without TLSA records is '-', and a column with untested checks says so",
              .tags(.lab))
        func overviewCells() async throws {
            try await Lab.start()
            let run = await Binary.run(["audit", "nostarttls.tls.test", "good.test", "--resolver", Lab.resolver, "--ca-file", Lab.caFile, "--format", "html"])
            let page = run.stdout
            let overview = try #require(page.range(of: "<table class=\"overview\">").map { String(page[$0.lowerBound...]) })
            let table = String(overview[..<(overview.range(of: "</table>")?.lowerBound ?? overview.endIndex)])
            let header = table.components(separatedBy: "</tr>")[0].components(separatedBy: "<th>").map { $0.replacingOccurrences(of: "</th>", with: "") }
            let dane = try #require(header.firstIndex { $0.hasPrefix("DANE") })
            let row = try #require(table.components(separatedBy: "</tr>").first { $0.contains(">nostarttls.tls.test<") })
            let cells = row.components(separatedBy: "<td").dropFirst().map { $0 }
            // header: "<tr>", "domain", then the columns; cells: the columns.
            #expect(cells.count == header.count - 2, "\(row)")
            #expect(cells.indices.contains(dane - 2) && cells[dane - 2].contains("cell na\">-<"), "DANE of a server without STARTTLS or TLSA: \(row)")
            let good = try #require(table.components(separatedBy: "</tr>").first { $0.contains(">good.test<") })
            #expect(good.contains("not tested)"), "\(good)")
            // MTA-STS is not recommended to a domain none of whose MX offers STARTTLS (enforce would bounce its mail).
            let noTLS = try await Self.report(["nostarttls.tls.test"])
            #expect(Self.findings(try #require(noTLS.domains.first), "mtasts.missing").allSatisfy { $0["outcome"] as? String == "n/a" })
            // Several domains: the page opens with Fix first.
            #expect(page.contains("<h2>Fix first</h2>") && page.range(of: "<h2>Fix first</h2>")!.lowerBound < page.range(of: "<h2>Overview</h2>")!.lowerBound)
        }
    }
}
