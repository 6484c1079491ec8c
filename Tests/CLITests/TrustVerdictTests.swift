import Foundation
import LabSupport
import Testing

extension ProgramTests {
    /// Verdicts that claim only what was measured ("never pass what was not
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

        @Test("TLS 1.0/1.1 and broken suites: with the scan off one negotiated session is 'not tested', never a pass; the scan (by default) or --tls-versions judges them; SSLv3 is named as not tested",
              .tags(.lab))
        func tlsNotTested() async throws {
            try await Lab.start()
            let plain = try await Self.report(["good.test", "--profile", "bod-18-01", "--tls-scan", "off"])
            let domain = try #require(plain.domains.first)
            for rule in ["smtp.old-tls", "smtp.weak-cipher", "smtp.sslv3"] {
                let found = Self.findings(domain, rule)
                #expect(!found.isEmpty && found.allSatisfy { $0["outcome"] as? String == "n/a" && $0["notTested"] as? Bool == true }, "\(rule): \(found)")
                #expect(found.allSatisfy { ($0["message"] as? String)?.hasPrefix("not tested: ") == true && ($0["title"] as? String)?.hasPrefix("Not tested: whether") == true },
                        "\(rule): \(found)")
            }
            #expect((Self.findings(domain, "smtp.old-tls").first?["message"] as? String)?.contains("--tls-scan") == true)
            #expect((domain["summary"] as? [String: Any])?["notTested"] as? Int ?? 0 >= 9, "\(String(describing: domain["summary"]))")
            // Tried one by one, TLS 1.0/1.1 refused: a pass that says so.
            for options in [["--tls-versions", "--tls-scan", "off"], []] {
                let tried = try await Self.report(["good.test"] + options)
                let oldTLS = Self.findings(try #require(tried.domains.first), "smtp.old-tls")
                #expect(!oldTLS.isEmpty && oldTLS.allSatisfy { $0["outcome"] as? String == "pass" && ($0["title"] as? String)?.contains("when each was tried") == true },
                        "\(options): \(oldTLS)")
            }
            // The scan (the default) tried every suite the local OpenSSL has: none broken, but RC4,
            // 3DES and the other families OpenSSL 3 cannot offer are named as not tested, never
            // passed; SSLv3 is still not tested.
            let scanned = try #require(try await Self.report(["good.test"]).domains.first)
            let weak = Self.findings(scanned, "smtp.weak-cipher")
            #expect(!weak.isEmpty && weak.allSatisfy { $0["outcome"] as? String == "n/a" && $0["notTested"] as? Bool == true
                && ($0["message"] as? String)?.contains("the local OpenSSL cannot offer") == true }, "\(weak)")
            #expect(Self.findings(scanned, "smtp.sslv3").allSatisfy { $0["outcome"] as? String == "n/a" && $0["notTested"] as? Bool == true })
            // A server that accepts only TLS 1.0/1.1 fails with or without --tls-versions.
            let old = try await Self.report(["oldtls.tls.test"])
            #expect(Self.findings(try #require(old.domains.first), "smtp.old-tls").contains { $0["outcome"] as? String == "warn" })
            // The text report lists them under NOT TESTED, grouped by rule.
            let text = await Binary.run(["audit", "good.test", "--resolver", Lab.resolver, "--ca-file", Lab.caFile])
            #expect(text.stdout.contains("NOT TESTED") && text.stdout.contains("(smtp.sslv3)"), "\(text.stdout)")
            #expect(text.stdout.components(separatedBy: "(smtp.sslv3)").count == 2, "one line for every endpoint of the rule: \(text.stdout)")
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
            // --no-smtp fetches no MTA-STS policy: a valid record alone is no MTA-STS pass.
            let blind = await Binary.run(["audit", "good.test", "--resolver", Lab.resolver, "--no-smtp", "--format", "html"])
            let blindTable = try #require(blind.stdout.range(of: "<table class=\"overview\">").map { String(blind.stdout[$0.lowerBound...]) })
            let mtasts = try #require(header.firstIndex { $0.hasPrefix("MTA-STS") })
            let blindRow = try #require(blindTable.components(separatedBy: "</tr>").first { $0.contains(">good.test<") })
            let blindCells = blindRow.components(separatedBy: "<td").dropFirst().map { $0 }
            #expect(blindCells.indices.contains(mtasts - 2) && blindCells[mtasts - 2].contains("not tested"), "\(blindRow)")
            let fetched = Self.findings(try #require(try await Self.report(["good.test", "--no-smtp"]).domains.first), "mtasts.policy-fetched")
            #expect(fetched.first?["notTested"] as? Bool == true, "\(fetched)")
            // A fetch that failed (HTTP 404) is judged by mtasts.policy-unreachable: never "the policy was fetched" beside it.
            let missing = try #require(try await Self.report(["missing.sts.test"]).domains.first)
            #expect(Self.findings(missing, "mtasts.policy-unreachable").first?["outcome"] as? String == "fail")
            #expect(Self.findings(missing, "mtasts.policy-fetched").allSatisfy { $0["outcome"] as? String == "n/a" },
                    "\(Self.findings(missing, "mtasts.policy-fetched"))")
        }
    
        @Test("a DMARC record RFC 9989 accepts and RFC 7489 refuses (no p) is a warning of its own, saying what RFC 7489 receivers do; one invalid under both stays one finding",
              .tags(.lab))
        func dmarcInvalidUnderRFC7489() async throws {
            try await Lab.start()
            let run = try await Self.report(["nop.dmarc.test", "bad.dmarc.test", "good.test", "--no-smtp"])
            let byName = Dictionary(run.domains.map { (($0["domain"] as? String) ?? "", $0) }, uniquingKeysWith: { a, _ in a })
            let nopDomain = try #require(byName["nop.dmarc.test"])
            let nop = try #require(Self.findings(nopDomain, "dmarc.invalid-rfc7489").first)
            #expect(nop["outcome"] as? String == "warn", "\(nop)")
            let message = nop["message"] as? String ?? ""
            #expect(message.contains("p is required") && message.contains("act as if it said p=none") && message.contains("§6.6.3"), "\(message)")
            #expect(Self.findings(nopDomain, "dmarc.invalid").first?["outcome"] as? String == "pass")
            // The p=none it falls back to is not called a p= tag that says none.
            let none = Self.findings(nopDomain, "dmarc.p-none").first?["message"] as? String ?? ""
            #expect(none.contains("has no p= tag") && !none.contains("tag of the record"), "\(none)")
            // p=bogus is invalid under both: dmarc.invalid says it, this rule does not again.
            let bad = try #require(byName["bad.dmarc.test"])
            #expect(Self.findings(bad, "dmarc.invalid").first?["outcome"] as? String == "fail")
            #expect(Self.findings(bad, "dmarc.invalid-rfc7489").first?["outcome"] as? String == "n/a")
            #expect(Self.findings(try #require(byName["good.test"]), "dmarc.invalid-rfc7489").first?["outcome"] as? String == "pass")
        }

        @Test("a compact JSON Lines record keeps the checks that were not tested and since when a problem lasts; report reads them back with their titles",
              .tags(.lab))
        func compactRecordsKeepNotTested() async throws {
            try await Lab.start()
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailaudit-jsonl-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let base = folder.appendingPathComponent("base.json")
            _ = await Binary.run(["audit", "nomx.test", "--resolver", Lab.resolver, "--no-smtp", "--format", "json", "--output", base.path])
            let lines = folder.appendingPathComponent("run.jsonl")
            let run = await Binary.run(["audit", "nomx.test", "--resolver", Lab.resolver, "--no-smtp", "--format", "jsonl",
                                        "--baseline", base.path, "--output", lines.path])
            #expect(run.status != 3, "\(run.stderr)")
            let text = try String(contentsOf: lines, encoding: .utf8)
            let record = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            #expect(record["findingsDetail"] as? String == "compact")
            let findings = record["findings"] as? [[String: Any]] ?? []
            let probed = try #require(findings.first { $0["ruleID"] as? String == "smtp.probed" }, "--no-smtp: not tested, kept: \(findings)")
            #expect(probed["notTested"] as? Bool == true && probed["outcome"] as? String == "n/a")
            let summary = try #require(record["summary"] as? [String: Any])
            #expect(summary["notTested"] as? Int == findings.filter { $0["notTested"] as? Bool == true }.count, "\(summary)")
            let problems = findings.filter { ["warn", "fail"].contains($0["outcome"] as? String ?? "") }
            #expect(!problems.isEmpty && problems.allSatisfy { $0["since"] is String }, "\(problems)")
            #expect(try BulkRunTests.validator.validate(Data(text.utf8), against: "domainReport").isEmpty)
            // Read back: the not-tested finding has its title and is listed as not tested.
            let report = await Binary.run(["report", lines.path])
            #expect(report.stdout.contains("NOT TESTED") && report.stdout.contains("(smtp.probed)"), "\(report.stdout)")
            let json = await Binary.run(["report", lines.path, "--format", "json"])
            let back = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json.stderr)")
            let again = ((back["domains"] as? [[String: Any]])?.first?["findings"] as? [[String: Any]] ?? []).first { $0["ruleID"] as? String == "smtp.probed" }
            #expect((again?["title"] as? String)?.hasPrefix("Not tested: ") == true, "\(String(describing: again))")
            #expect(again?["notTested"] as? Bool == true)
        }

        @Test("go-live and bulk-sender-2024 held to their letter on the lab: what each requires fails when missing and passes when met, the same facts judged under default as advice",
              .tags(.lab))
        func profilesToTheLetter() async throws {
            try await Lab.start()
            func outcomes(_ domain: String, _ profile: String) async throws -> (status: Int32, byRule: [String: String]) {
                let run = try await Self.report([domain, "--no-smtp", "--dkim-selector", "sel2048", "--profile", profile])
                let first = try #require(run.domains.first)
                let found = first["findings"] as? [[String: Any]] ?? []
                var byRule: [String: String] = [:]
                for finding in found {
                    let rule = finding["ruleID"] as? String ?? "", outcome = finding["outcome"] as? String ?? ""
                    // The worst outcome of the rule (several subjects).
                    let order = ["n/a", "pass", "info", "warn", "fail", "error"]
                    if (order.firstIndex(of: outcome) ?? 0) >= (order.firstIndex(of: byRule[rule] ?? "n/a") ?? 0) { byRule[rule] = outcome }
                }
                return (run.status, byRule)
            }
            // go-live: "what is only advice elsewhere is required here". good.test meets it.
            let ready = try await outcomes("good.test", "go-live")
            #expect(ready.status == 0 && !ready.byRule.values.contains("fail") && !ready.byRule.values.contains("warn"), "\(ready.byRule)")
            // monitor.dmarc.test (p=none, no SPF, no DKIM key, no MX): advice under default, failures under go-live.
            let advice = try await outcomes("monitor.dmarc.test", "default"), strict = try await outcomes("monitor.dmarc.test", "go-live")
            for rule in ["dmarc.p-none", "mx.implicit", "spf.missing", "dkim.no-key"] {
                #expect(strict.byRule[rule] == "fail", "go-live requires \(rule): \(strict.byRule)")
            }
            #expect(advice.byRule["dmarc.p-none"] == "warn" && advice.byRule["mx.implicit"] != "fail", "\(advice.byRule)")
            #expect(strict.status == 2)
            // bulk-sender-2024: SPF, DKIM and DMARC (p=none at least). good.test meets all of it.
            let sender = try await outcomes("good.test", "bulk-sender-2024")
            #expect(sender.status == 0, "\(sender.byRule)")
            for rule in ["spf.missing", "dkim.no-key", "dmarc.missing", "dmarc.invalid"] { #expect(sender.byRule[rule] == "pass", "\(rule): \(sender.byRule)") }
            // p=none meets "p=none at least": neither missing nor invalid, and p=none is no failure.
            let monitor = try await outcomes("monitor.dmarc.test", "bulk-sender-2024")
            #expect(monitor.byRule["dmarc.missing"] == "pass" && monitor.byRule["dmarc.invalid"] == "pass" && monitor.byRule["dmarc.p-none"] != "fail",
                    "\(monitor.byRule)")
            #expect(monitor.byRule["spf.missing"] == "fail" && monitor.byRule["dkim.no-key"] == "fail", "\(monitor.byRule)")
            // Only DKIM missing: that alone fails; beyond the letter (MTA-STS, TLS-RPT) is not run.
            let nodkim = try await outcomes("nodkim.good.test", "bulk-sender-2024")
            #expect(nodkim.byRule.filter { $0.value == "fail" }.keys.sorted() == ["dkim.no-key"], "\(nodkim.byRule)")
            #expect(nodkim.byRule["mtasts.missing"] == nil && nodkim.byRule["tlsrpt.missing"] == nil)
            // No DMARC record at all fails the requirement.
            let nodmarc = try await outcomes("nomx.test", "bulk-sender-2024")
            #expect(nodmarc.byRule["dmarc.missing"] == "fail", "\(nodmarc.byRule)")
        }

        @Test("two MX names on one address: each is probed with its own SNI and judged on the chain served for it, in either order (lab: the wrong-name listener serves mx.sni.tls.test's certificate by SNI)",
              .tags(.lab))
        func certificatePerServerName() async throws {
            try await Lab.start()
            for order in [["wrongname.tls.test", "sni.tls.test"], ["sni.tls.test", "wrongname.tls.test"]] {
                let run = try await Self.report(order + ["--concurrency", "1"])
                let byName = Dictionary(run.domains.map { (($0["domain"] as? String) ?? "", $0) }, uniquingKeysWith: { a, _ in a })
                let sni = try #require(byName["sni.tls.test"]), wrong = try #require(byName["wrongname.tls.test"])
                #expect(Self.findings(sni, "smtp.cert-name").first?["outcome"] as? String == "pass", "\(order): \(Self.findings(sni, "smtp.cert-name"))")
                #expect(Self.findings(wrong, "smtp.cert-name").first?["outcome"] as? String == "warn", "\(order)")
                for (domain, host) in [(sni, "mx.sni.tls.test"), (wrong, "mx.wrongname.tls.test")] {
                    let endpoint = (((domain["facts"] as? [String: Any])?["smtp"] as? [String: Any])?["endpoints"] as? [[String: Any]])?.first
                    #expect((endpoint?["tls"] as? [String: Any])?["serverName"] as? String == host, "\(order): the SNI sent is in the facts")
                }
            }
        }
}
}
