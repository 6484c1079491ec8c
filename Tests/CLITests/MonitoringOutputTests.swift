import Foundation
import LabSupport
import Testing

extension ProgramTests {
    /// The outputs for the systems admins already run, each read by its consumer's own
    /// parser: promtool for Prometheus, xmllint with the JUnit schema, Python's csv module,
    /// and pynag (Nagios' Python toolkit) for the plugin output.
    @Suite("mailaudit outputs for monitoring and CI, run as programs", .serialized)
    struct MonitoringOutputTests {
        static func folder() throws -> URL {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("outputs-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return folder
        }

        static let domains = ["good.test", "unsigned.test", "nosuch.test"]

        @Test("--format prometheus: promtool check metrics accepts it; expiry per endpoint as a Unix time; written atomically", .tags(.lab))
        func prometheus() async throws {
            try await Lab.start()
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent("mailaudit.prom").path
            let run = await Binary.run(["audit"] + Self.domains + ["--resolver", Lab.resolver, "--ca-file", Lab.caFile, "--format", "prometheus", "--output", file])
            #expect(run.status == 2, "\(run.stderr)")
            let text = try String(contentsOfFile: file, encoding: .utf8)
            let lint = await Run.program(["/bin/bash", "-c", "promtool check metrics < \(file)"])
            #expect(lint.status == 0 && lint.stdout.isEmpty && lint.stderr.isEmpty, "promtool: \(lint.stdout)\(lint.stderr)")
            #expect(text.contains(#"mailaudit_findings{domain="unsigned.test",outcome="fail"} 3"#), "\(text.prefix(600))")
            #expect(text.contains(#"mailaudit_domain_status{domain="good.test"} 0"#))
            let expiry = try #require(text.split(separator: "\n").first { $0.hasPrefix(#"mailaudit_certificate_expiry_timestamp_seconds{domain="good.test",host="mx1.good.test""#) })
            let seconds = try #require(Double(expiry.split(separator: " ").last ?? ""))
            #expect(seconds > Date().timeIntervalSince1970 + 300 * 86_400, "the lab's certificates live a year: \(expiry)")
            #expect(text.contains(#"mailaudit_dnssec_status{domain="good.test",status="secure"} 1"#))
            #expect(text.contains(#"mailaudit_finding_problem{domain="unsigned.test",rule="spf.multiple",subject="unsigned.test",outcome="fail",severity="fail"} 1"#))
        }

        @Test("--format junit validates against the JUnit schema; fail is a failure, error an error, n/a skipped", .tags(.lab))
        func junit() async throws {
            try await Lab.start()
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent("mailaudit.xml").path
            _ = await Binary.run(["audit"] + Self.domains + ["ctl.records.test", "--resolver", Lab.resolver, "--ca-file", Lab.caFile, "--format", "junit", "--output", file])
            let schema = Lab.packageRoot.appendingPathComponent("Tests/lab/junit.xsd").path
            let check = await Run.program(["/usr/bin/env", "xmllint", "--noout", "--schema", schema, file])
            #expect(check.status == 0 && check.stderr.contains("validates"), "xmllint: \(check.stderr)")
            let xml = try String(contentsOfFile: file, encoding: .utf8)
            #expect(xml.contains(#"<testsuite name="unsigned.test""#) && xml.contains(#"<failure message="More than one SPF record" type="fail">"#))
            #expect(xml.contains("<skipped message=\"not judged because of domain.exists\"/>"), "nosuch.test's blocked rules are skipped")
            #expect(!xml.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "no control characters from DNS in the XML")
        }

        @Test("--format csv: one row per finding, read back by Python's csv module; a cell that starts like a formula is neutralised", .tags(.lab))
        func csv() async throws {
            try await Lab.start()
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent("mailaudit.csv").path
            let json = await Binary.run(["audit"] + Self.domains + ["--resolver", Lab.resolver, "--ca-file", Lab.caFile, "--format", "json", "--facts", "none"])
            let root = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let findings = (root["domains"] as? [[String: Any]] ?? []).reduce(0) { $0 + (($1["findings"] as? [Any])?.count ?? 0) }
            _ = await Binary.run(["audit"] + Self.domains + ["--resolver", Lab.resolver, "--ca-file", Lab.caFile, "--format", "csv", "--output", file])
            let read = await Run.program(["/usr/bin/env", "python3", "-c", """
                import csv, sys
                with open(sys.argv[1], newline='') as f:
                    rows = list(csv.reader(f, strict=True))
                print(len(rows) - 1, rows[0][0], rows[0][3], sum(1 for r in rows if len(r) != len(rows[0])))
                """, file])
            #expect(read.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "\(findings) domain outcome 0", "\(read.stdout)\(read.stderr)")
        }

        @Test("--format nagios: one status line with perfdata in the plugin grammar, the plugin API's exit codes", .tags(.lab))
        func nagios() async throws {
            try await Lab.start()
            let ok = await Binary.run(["audit", "nodkim.good.test", "--resolver", Lab.resolver, "--ca-file", Lab.caFile, "--format", "nagios"])
            #expect(ok.status == 0 && ok.stdout.hasPrefix("MAILAUDIT OK - nodkim.good.test: 0 fail, 0 warn, 0 error | "), "\(ok.stdout)")
            let bad = await Binary.run(["audit", "unsigned.test", "--resolver", Lab.resolver, "--ca-file", Lab.caFile, "--format", "nagios"])
            #expect(bad.status == 2 && bad.stdout.hasPrefix("MAILAUDIT CRITICAL - unsigned.test: 3 fail, 8 warn, 0 error"), "\(bad.stdout)")
            let lines = bad.stdout.split(separator: "\n")
            #expect(lines.count > 3 && lines.dropFirst().allSatisfy { !$0.contains("|") }, "long output has no perfdata separator")
            // As Nagios tooling reads it: pynag's PluginOutput and PerfData.
            let parsed = await Run.program(["/bin/bash", "-c", "printf '%s' \"$0\" | python3 \(Lab.packageRoot.path)/Tests/lab/nagios-parse.py", bad.stdout])
            let plugin = try #require(try JSONSerialization.jsonObject(with: Data(parsed.stdout.utf8)) as? [String: Any], "pynag: \(parsed.stderr)")
            #expect((plugin["summary"] as? String)?.hasPrefix("MAILAUDIT CRITICAL - unsigned.test: 3 fail") == true)
            #expect(plugin["perfdata_valid"] as? Bool == true, "\(plugin)")
            let metrics = plugin["metrics"] as? [[String: Any]] ?? []
            #expect(metrics.first { $0["label"] as? String == "fail" }?["value"] as? String == "3")
            let days = try #require(metrics.first { $0["label"] as? String == "cert_days_min" })
            #expect(days["warn"] as? String == "14:" && days["crit"] as? String == "7:" && days["valid"] as? Bool == true, "\(days)")
            #expect((plugin["long_output"] as? String)?.contains("FAIL unsigned.test: More than one SPF record") == true, "\(plugin)")
            // Through the resolver only: SERVFAIL, no verdict (the name-server checks would find
            // the lame server and make it CRITICAL).
            let unknown = await Binary.run(["audit", "lame.test", "--resolver", Lab.resolver, "--no-smtp", "--no-ns-checks", "--format", "nagios"])
            #expect(unknown.status == 3 && unknown.stdout.hasPrefix("MAILAUDIT UNKNOWN - "), "\(unknown.stdout)")
        }

        @Test("CRITICAL outranks UNKNOWN: an expired certificate beside a domain whose lookups are refused is CRITICAL, exit 2, with the error listed after the failures",
              .tags(.lab))
        func criticalBeforeUnknown() async throws {
            try await Lab.start()
            for format in ["nagios", "text", "json"] {
                let run = await Binary.run(["audit", "expired.tls.test", "example.com", "--resolver", Lab.resolver, "--ca-file", Lab.caFile,
                                            "--format", format])
                #expect(run.status == 2, "\(format): exit \(run.status)\n\(run.stdout)\(run.stderr)")
                if format == "nagios" {
                    let lines = run.stdout.split(separator: "\n").map(String.init)
                    #expect(lines.first?.hasPrefix("MAILAUDIT CRITICAL - ") == true && lines.first?.contains("; FAIL expired.tls.test") == true,
                            "\(run.stdout)")
                    let firstError = lines.firstIndex { $0.hasPrefix("ERROR ") }
                    let lastFail = lines.lastIndex { $0.hasPrefix("FAIL ") }
                    #expect(firstError != nil && lastFail != nil && lastFail! < firstError!, "errors listed after the failures: \(run.stdout)")
                    #expect(lines.contains { $0.hasPrefix("ERROR example.com: could not audit") }, "\(run.stdout)")
                }
                if format == "json" {
                    let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
                    #expect((report["summary"] as? [String: Any])?["exitStatus"] as? Int == 2, "the JSON's exit status is the process's")
                }
            }
            // Without the failure, the error is UNKNOWN: exit 3.
            let alone = await Binary.run(["audit", "example.com", "--resolver", Lab.resolver, "--format", "nagios"])
            #expect(alone.status == 3 && alone.stdout.hasPrefix("MAILAUDIT UNKNOWN - "), "\(alone.stdout)")
        }
    }
}
