import Foundation
import LabSupport
import Testing

extension ProgramTests {
    /// `mailaudit audit`, `check` and `rules` against the lab, as a user runs them.
    @Suite("mailaudit audit, check and rules, run as programs", .serialized)
    struct AuditCommandTests {
        /// The non-passing findings of one domain: rule id → outcomes (a rule with a scope may
        /// give several).
        private func findings(_ domain: String, extra: [String] = []) async throws -> (Int32, [String: Set<String>]) {
            try await Lab.start()
            let result = await Binary.run(["audit", domain, "--resolver", Lab.resolver, "--format", "json", "--ca-file", Lab.caFile] + extra)
            let root = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
            let report = try #require((root["domains"] as? [[String: Any]])?.first)
            var outcomes: [String: Set<String>] = [:]
            for finding in report["findings"] as? [[String: Any]] ?? [] {
                let outcome = finding["outcome"] as? String ?? "?"
                guard outcome != "pass" && outcome != "n/a" else { continue }
                outcomes[finding["ruleID"] as? String ?? "?", default: []].insert(outcome)
            }
            return (result.status, outcomes)
        }

        typealias ZoneCase = (domain: String, status: Int32, expected: [String: Set<String>])

        static let zoneCases: [ZoneCase] = [
            // REQUIRETLS (RFC 8689) is a note: Postfix does not offer it.
            ("good.test", 0, ["smtp.requiretls-missing": ["info"]]),
            ("nomx.test", 2, ["mx.implicit": ["warn"], "spf.missing": ["fail"], "dmarc.missing": ["fail"], "dkim.none-published": ["warn"],
                              "dnssec.unsigned": ["info"], "mtasts.missing": ["info"], "tlsrpt.missing": ["info"]]),
            // A null MX receives no mail: MTA-STS and TLS-RPT are not recommended to it; its
            // SPF (v=spf1 -all) says it sends none, so no DKIM key is asked for either.
            ("nullmx.test", 1, ["dmarc.no-rua": ["warn"], "dkim.not-verified": [], "dkim.none-published": [], "dnssec.unsigned": ["info"],
                                "mtasts.missing": [], "tlsrpt.missing": []]),
            ("toomany.spf.test", 2, ["spf.too-many-lookups": ["fail"], "spf.invalid": ["fail"]]),
            // DNSSEC-bogus: the root cause once, and the rest judged from facts collected again
            // with checking disabled, so the exit code follows the definite failures.
            ("bogus.test", 2, ["dnssec.bogus": ["fail"], "dnssec.mx-bogus": ["fail"], "dmarc.missing": ["fail"], "smtp.starttls-missing": ["fail"]]),
            // A name that does not exist: one finding, everything else not judged.
            ("nosuch.test", 2, ["domain.exists": ["fail"]]),
        ]

        @Test("the expected findings and exit code for each lab zone", .tags(.lab), arguments: zoneCases.indices)
        func zones(index: Int) async throws {
            let (domain, status, expected) = Self.zoneCases[index]
            let (exit, outcomes) = try await findings(domain)
            #expect(exit == status)
            for (rule, wanted) in expected {
                #expect((outcomes[rule] ?? []) == wanted, "\(domain): \(rule) gave \(outcomes[rule] ?? [])")
            }
            if expected.isEmpty || domain == "nosuch.test" || domain == "good.test" { #expect(outcomes.keys.sorted() == expected.keys.sorted(), "\(domain): \(outcomes)") }
            #expect(!outcomes.values.contains { $0.contains("error") }, "\(domain): no rule is left unable to judge: \(outcomes)")
        }

        @Test("more findings: unsigned.test, dmarc.test, records.test", .tags(.lab), arguments: [
            ("unsigned.test", ["spf.multiple": "fail", "dkim.weak-rsa": "fail", "dkim.testing": "warn", "dnssec.tlsa-unsigned": "warn",
                               "mx.ptr-missing": "warn", "dmarc.p-none": "warn"]),
            ("dmarc.test", ["dmarc.external-unauthorised": "warn"]),
            ("bad.dmarc.test", ["dmarc.invalid": "fail", "dmarc.removed-tags": "info"]),
            ("records.test", ["mtasts.invalid": "warn", "tlsrpt.invalid": "warn", "bimi.invalid": "warn"]),
            ("cnamemx.test", ["mx.cname": "fail"]),
            ("noaddr.test", ["mx.no-address": "fail"]),
            // One usable TLSA record per exchange, and no CAA record on the way up to test.
            ("dane.test", ["dane.rollover": "info", "mx.caa-missing": "info"]),
        ])
        func moreZones(domain: String, expected: [String: String]) async throws {
            let (_, outcomes) = try await findings(domain)
            for (rule, wanted) in expected {
                #expect(outcomes[rule]?.contains(wanted) == true, "\(domain): \(rule) gave \(outcomes[rule] ?? [])")
            }
        }

        /// The probe findings of each SMTP and MTA-STS case of the lab: the rule that must
        /// not pass, and its outcome.
        @Test("probe findings: each TLS, submission, DANE and MTA-STS case of the lab", .tags(.lab), arguments: [
            ("expired.tls.test", ["smtp.cert-expired": "fail"]),
            ("selfsigned.tls.test", ["smtp.cert-untrusted": "warn"]),
            ("wrongname.tls.test", ["smtp.cert-name": "warn"]),
            ("soon.tls.test", ["smtp.cert-expiring": "warn"]),
            ("nostarttls.tls.test", ["smtp.starttls-missing": "fail", "submission.no-tls": "fail", "submission.auth-before-tls": "fail"]),
            ("authplain.tls.test", ["smtp.auth-before-tls": "fail"]),
            // The acceptance scan finds its anonymous suites (ADH-, AECDH-) beside the negotiated one.
            ("oldtls.tls.test", ["smtp.old-tls": "warn", "smtp.weak-key": "warn", "smtp.weak-cipher": "warn"]),
            ("slow.tls.test", ["smtp.slow-greeting": "warn"]),
            ("hostile.tls.test", ["smtp.unreachable": "fail"]),
            ("dane.test", ["dane.mismatch": "fail", "dane.unusable-usage": "warn"]),
            ("testing.sts.test", ["mtasts.testing": "info"]),
            ("missing.sts.test", ["mtasts.policy-unreachable": "fail"]),
            ("redirect.sts.test", ["mtasts.policy-unreachable": "fail"]),
            ("large.sts.test", ["mtasts.policy-unreachable": "fail"]),
            ("unreachable.sts.test", ["mtasts.policy-unreachable": "fail"]),
            ("ctype.sts.test", ["mtasts.policy-content-type": "fail"]),
            ("uncovered.sts.test", ["mtasts.mx-not-covered": "fail"]),
            ("badcert.sts.test", ["mtasts.policy-certificate": "fail"]),
        ])
        func probeZones(domain: String, expected: [String: String]) async throws {
            let (exit, outcomes) = try await findings(domain, extra: ["--tls-versions"])
            for (rule, wanted) in expected {
                #expect(outcomes[rule] == [wanted], "\(domain): \(rule) gave \(outcomes[rule] ?? [])")
            }
            // Notes (info) about every server (REQUIRETLS, the PTR name, the TLSA rollover) are not the case's point.
            let smtpFindings = outcomes.filter { $0.value != ["info"] || !($0.key.hasPrefix("smtp.") || $0.key.hasPrefix("dane.")) }.keys.filter { $0.hasPrefix("smtp.") || $0.hasPrefix("dane.") || $0.hasPrefix("submission.") || $0.hasPrefix("mtasts.p") || $0.hasPrefix("mtasts.mx") || $0 == "mtasts.testing" }
            #expect(Set(smtpFindings) == Set(expected.keys), "\(domain): only the case's own probe findings, got \(outcomes)")
            let worst = expected.values.contains("fail") ? 2 : expected.values.contains("warn") ? 1 : 0
            #expect(exit >= Int32(worst))
        }

        @Test("hostile MX peers: silent, garbage, endless reply; each audit ends within its deadline with smtp.no-greeting", .tags(.lab), arguments: [
            "silent", "garbage", "endless",
        ])
        func hostilePeers(kind: String) async throws {
            try await Lab.start()
            let server = try FakeTCPServer(address: Lab.address(35), port: 25) { fd in
                switch kind {
                case "silent": Thread.sleep(forTimeInterval: 10)
                case "garbage": FakeTCPServer.write(fd, "\u{0}\u{1}\u{2}HTTP/1.1 400 Bad Request\r\n\r\n")
                default: for index in 0..<1_000_000 where FakeTCPServer.write(fd, "220-still greeting \(index)\r\n") {}
                }
            }
            defer { server.stop() }
            let began = Date()
            let (exit, outcomes) = try await findings("hostile.tls.test", extra: ["--smtp-timeout", "3", "--deadline", "8"])
            #expect(outcomes["smtp.no-greeting"] == ["fail"], "\(kind): \(outcomes)")
            #expect(exit == 2)
            #expect(Date().timeIntervalSince(began) < TestTime.scaled(15), "\(kind) ended within the deadline")
        }

        @Test("the reports list the probed servers: text with --verbose, and HTML as a table", .tags(.lab))
        func serverSummary() async throws {
            try await Lab.start()
            let text = await Binary.run(["audit", "oldtls.tls.test", "--resolver", Lab.resolver, "--ca-file", Lab.caFile, "--verbose", "--tls-versions"])
            #expect(text.stdout.contains("  mail servers\n    mx.oldtls.tls.test [\(Lab.address(32))]:25 (mx): ok"), "\(text.stdout)")
            #expect(text.stdout.contains("TLS TLSv1.1") && text.stdout.contains("certificate RSA 1024, trusted"), "\(text.stdout)")
            #expect(text.stdout.contains("DH 1024 bits") && text.stdout.contains(" handshakes in "))
            // The versions × NCSC-NL grades table: TLS 1.0 and 1.1 with their anonymous and
            // static-RSA suites to remove.
            #expect(text.stdout.contains("accepts  NCSC-NL 2.1 grades") && text.stdout.contains("TLSv1.1  ") && text.stdout.contains("client order"), "\(text.stdout)")
            #expect(text.stdout.contains("insufficient") && text.stdout.contains("ADH-"), "\(text.stdout)")
            let order = await Binary.run(["audit", "order.tls.test", "--resolver", Lab.resolver, "--ca-file", Lab.caFile, "--format", "html"])
            #expect(order.stdout.contains("<table class=\"grades\">") && order.stdout.contains("accepts (NCSC-NL TLS guidelines 2.1 grades)</caption>"))
            #expect(order.stdout.contains("<td>TLSv1.3</td><td class=\"\">3</td>") && order.stdout.contains("<td>server order</td>"), "\(order.stdout)")
            let html = await Binary.run(["audit", "good.test", "--resolver", Lab.resolver, "--ca-file", Lab.caFile, "--format", "html"])
            #expect(html.stdout.contains("<table class=\"servers\">") && html.stdout.contains("<td>mx2.good.test [\(Lab.address(26))]:25</td>"))
            #expect(html.stdout.contains("<td>TLSA matches</td>") && html.stdout.contains("names the host"), "DANE in words")
        }

        @Test("--no-smtp: no connection to any server, and the probe facts say so", .tags(.lab))
        func noSMTP() async throws {
            try await Lab.start()
            let result = await Binary.run(["facts", "good.test", "--resolver", Lab.resolver, "--no-smtp"])
            let root = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect((root["smtp"] as? [String: Any])?["status"] as? String == "skipped")
            #expect(root["submission"] == nil && root["mtaStsPolicy"] == nil)
        }

        @Test("the JSON report validates against reports/report.schema.json, for several domains at once", .tags(.lab))
        func schema() async throws {
            try await Lab.start()
            let result = await Binary.run(["audit", "good.test", "unsigned.test", "bogus.test", "dmarc.test", "nostarttls.tls.test", "oldtls.tls.test",
                                           "badcert.sts.test", "redirect.sts.test", "--resolver", Lab.resolver, "--format", "json",
                                           "--dkim-selector", "sel2048", "--ca-file", Lab.caFile, "--tls-versions"])
            // bogus.test has errors, but the failures outrank them (CRITICAL > UNKNOWN).
            #expect(result.status == 2, "\(result.stderr)")
            let schema = try Data(contentsOf: Lab.packageRoot.appendingPathComponent("reports/report.schema.json"))
            let validator = try JSONSchemaValidator(schema: schema)
            let problems = try validator.validate(Data(result.stdout.utf8))
            #expect(problems.isEmpty, "\(problems.prefix(20).joined(separator: "\n"))")
            // The probe facts are described too: an unknown TLS status is caught.
            let mangled = result.stdout.replacingOccurrences(of: #""status" : "not-offered""#, with: #""status" : "no-such-status""#)
            #expect(mangled != result.stdout)
            #expect(try validator.validate(Data(mangled.utf8)).contains { $0.contains("no-such-status") }, "the schema checks tls.status")
            let broken = try validator.validate(Data(#"{"schemaVersion": 1, "tool": {"name": "x"}, "domains": [{"domain": 3}]}"#.utf8))
            #expect(broken.count >= 4, "the validator finds missing and mistyped fields: \(broken)")
            let lines = await Binary.run(["audit", "good.test", "nomx.test", "--resolver", Lab.resolver, "--format", "jsonl"])
            #expect(lines.stdout.split(separator: "\n").count == 2)
        }

        @Test("the HTML report renders in headless Chromium without network or script; markup from DNS shows as text", .tags(.lab))
        func html() async throws {
            try await Lab.start()
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("html-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let page = folder.appendingPathComponent("report.html")
            let audit = await Binary.run(["audit", "records.test", "good.test", "--resolver", Lab.resolver, "--format", "html", "--output", page.path])
            #expect(audit.status == 2, "records.test publishes no SPF: a failure \(audit.stderr)")
            let html = try String(contentsOf: page, encoding: .utf8)
            #expect(html.contains("<style>") && !html.contains("<link") && !html.contains("src="), "self-contained")
            #expect(html.contains("&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;"))
            #expect(!html.contains("<script>"))

            let chromium = try #require(["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) },
                                        "headless Chromium is needed (scripts/setup.sh installs it)")
            let common = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--proxy-server=127.0.0.1:9",
                          "--user-data-dir=\(folder.path)/profile"]
            // With script allowed: had the TXT record's markup become a script, it would have run.
            let dom = await Run.program([chromium] + common + ["--dump-dom", page.absoluteString], timeout: 90)
            #expect(dom.stdout.contains("<title>mailaudit report: records.test, good.test</title>"), "\(dom.stderr.suffix(500))")
            #expect(!dom.stdout.contains("pwned</title>"))
            #expect(dom.stdout.contains("The MTA-STS record is invalid"))
            // The overview: domains × areas, worst first, each cell in word and colour, linked.
            #expect(dom.stdout.contains("<h2>Overview</h2>") && dom.stdout.contains("<a href=\"#d0\">records.test</a>"))
            #expect(dom.stdout.contains("class=\"cell fail\">fail</td>") && dom.stdout.contains("class=\"cell pass\">pass</td>"))
            let overview = dom.stdout.components(separatedBy: "<h2>Overview</h2>").last ?? ""
            #expect(overview.range(of: "records.test")!.lowerBound < overview.range(of: "good.test")!.lowerBound, "worst domain first")
            #expect(dom.stdout.contains("href=\"https://www.rfc-editor.org/rfc/rfc7208#section-"), "RFC references are links")
            #expect(dom.stdout.contains("server probes"), "the run's scope at the top")
            let shot = folder.appendingPathComponent("report.png")
            // The page's own Content-Security-Policy (default-src 'none') keeps any script from
            // running; Chromium's scriptEnabled=false switch also stops its screenshot, so it is not used.
            _ = await Run.program([chromium] + common + ["--window-size=1100,1800", "--screenshot=\(shot.path)", page.absoluteString], timeout: 90)
            let size = (try? FileManager.default.attributesOfItem(atPath: shot.path)[.size] as? Int) ?? 0
            #expect(size > 20_000, "a screenshot with the findings (\(size) bytes)")
            // The overview's cells are painted in their outcome's colour (the CSS applied), not
            // only present in the DOM: count the pixels of the fail and pass cell backgrounds.
            let colours = await Run.program(["/usr/bin/env", "python3", Lab.packageRoot.appendingPathComponent("Tests/lab/png-colours.py").path,
                                             shot.path, "fbe9e7", "e8f5e9"], timeout: 60)
            let counts = Dictionary(uniqueKeysWithValues: colours.stdout.split(separator: "\n").compactMap { line -> (String, Int)? in
                let parts = line.split(separator: " ")
                return parts.count == 2 ? (String(parts[0]), Int(parts[1]) ?? 0) : nil
            })
            #expect((counts["fbe9e7"] ?? 0) > 2_000 && (counts["e8f5e9"] ?? 0) > 2_000,
                    "fail and pass cells painted in the screenshot: \(colours.stdout) \(colours.stderr)")
            if let keep = ProcessInfo.processInfo.environment["MAILAUDIT_KEEP_SCREENSHOT"] {
                try? FileManager.default.copyItem(atPath: shot.path, toPath: keep)
            }
        }

        @Test("root causes: a name that does not exist gets no repair advice; a bogus domain's facts are marked unvalidated", .tags(.lab))
        func rootCauses() async throws {
            try await Lab.start()
            let missing = await Binary.run(["audit", "nosuch.test", "--resolver", Lab.resolver])
            #expect(missing.status == 2 && missing.stdout.contains("does not exist") && missing.stdout.contains("typo"))
            #expect(!missing.stdout.contains("Publish"), "no advice to publish records at a name that does not exist: \(missing.stdout)")
            #expect(missing.stdout.contains("other checks not judged because of this"))
            let bogus = await Binary.run(["audit", "bogus.test", "--resolver", Lab.resolver, "--ca-file", Lab.caFile, "--format", "json"])
            let root = try #require(try JSONSerialization.jsonObject(with: Data(bogus.stdout.utf8)) as? [String: Any])
            let facts = try #require(((root["domains"] as? [[String: Any]])?.first)?["facts"] as? [String: Any])
            #expect((facts["collection"] as? [String: Any])?["checkingDisabled"] as? Bool == true)
            #expect((facts["dnssec"] as? [String: Any])?["status"] as? String == "bogus")
            #expect(((facts["mx"] as? [String: Any])?["lookup"] as? [String: Any])?["outcome"] as? String == "records", "the MX, seen with CD")
            let text = await Binary.run(["audit", "bogus.test", "--resolver", Lab.resolver, "--ca-file", Lab.caFile])
            #expect(text.stdout.contains("not validated"))
            // SERVFAIL at the apex, seen through the resolver only (--no-ns-checks): one error, the
            // rest not judged, exit 3 (it may be transient: not a verdict). With the name-server
            // checks the cause is found instead (MailDNSTests: ns.lame fails).
            let lame = await Binary.run(["audit", "lame.test", "--resolver", Lab.resolver, "--no-smtp", "--no-ns-checks", "--format", "json", "--facts", "none"])
            let lameRoot = try #require(try JSONSerialization.jsonObject(with: Data(lame.stdout.utf8)) as? [String: Any])
            let lameDomain = try #require((lameRoot["domains"] as? [[String: Any]])?.first)
            let summary = try #require(lameDomain["summary"] as? [String: Any])
            #expect(lame.status == 3 && summary["error"] as? Int == 1 && (summary["blocked"] as? Int ?? 0) > 10, "\(summary)")
            let errors = (lameDomain["findings"] as? [[String: Any]] ?? []).filter { $0["outcome"] as? String == "error" }
            #expect(errors.map { $0["ruleID"] as? String } == ["domain.exists"] && (errors.first?["message"] as? String)?.contains("MX lookup of lame.test") == true)
        }

        @Test("the evidence: the records and values judged are shown under each finding, in text, JSON and HTML", .tags(.lab))
        func evidence() async throws {
            try await Lab.start()
            let text = await Binary.run(["audit", "records.test", "toomany.spf.test", "--resolver", Lab.resolver, "--no-smtp"])
            #expect(text.stdout.contains(#"seen: _smtp._tls record: "v=TLSRPTv1""#), "\(text.stdout)")
            #expect(text.stdout.contains(#"seen: SPF records at toomany.spf.test: "v=spf1 include:i1.spf.test"#))
            #expect(text.stdout.contains("seen: DNS lookups to evaluate it: 11 (limit 10)"), "\(text.stdout)")
            let json = await Binary.run(["audit", "records.test", "--resolver", Lab.resolver, "--no-smtp", "--format", "json", "--facts", "none"])
            let root = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let findings = try #require(((root["domains"] as? [[String: Any]])?.first)?["findings"] as? [[String: Any]])
            let invalid = try #require(findings.first { $0["ruleID"] as? String == "mtasts.invalid" })
            #expect((invalid["evidence"] as? [String])?.first?.contains("<script>") == true, "the record as published, as data")
            #expect(findings.filter { $0["outcome"] as? String == "pass" }.allSatisfy { $0["evidence"] == nil }, "evidence is for findings that do not pass")
            let html = await Binary.run(["audit", "records.test", "--resolver", Lab.resolver, "--no-smtp", "--format", "html"])
            #expect(html.stdout.contains("class=\"evidence\"><code>_mta-sts record: &quot;v=STSv1; id=&lt;script&gt;"))
        }

        @Test("one cause, one finding: too many SPF lookups is reported once, the superseded finding kept in JSON", .tags(.lab))
        func superseded() async throws {
            try await Lab.start()
            let json = await Binary.run(["audit", "toomany.spf.test", "--resolver", Lab.resolver, "--no-smtp", "--format", "json"])
            let root = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let domain = try #require((root["domains"] as? [[String: Any]])?.first)
            let findings = try #require(domain["findings"] as? [[String: Any]])
            #expect(findings.first { $0["ruleID"] as? String == "spf.too-many-lookups" }?["supersededBy"] as? String == "spf.invalid")
            #expect((domain["summary"] as? [String: Any])?["superseded"] as? Int == 1)
            let text = await Binary.run(["audit", "toomany.spf.test", "--resolver", Lab.resolver, "--no-smtp"])
            #expect(text.stdout.contains("(spf.invalid)") && !text.stdout.contains("(spf.too-many-lookups)"), "\(text.stdout)")
            #expect(text.stdout.contains("Replace includes"), "the superseding finding carries the specific fix")
        }

        @Test("--fail-on fail: warnings alone exit 0", .tags(.lab))
        func failOn() async throws {
            let (warnExit, _) = try await findings("nullmx.test")
            let (failExit, _) = try await findings("nullmx.test", extra: ["--fail-on", "fail"])
            #expect(warnExit == 1 && failExit == 0)
        }

        @Test("a profile turns a warning into a failure, and a waiver accepts a known exception, visibly", .tags(.lab))
        func profiles() async throws {
            let (_, normal) = try await findings("nomx.test")
            #expect(normal["mx.implicit"] == ["warn"])
            let (_, strict) = try await findings("nomx.test", extra: ["--profile", "go-live"])
            #expect(strict["mx.implicit"] == ["fail"])
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("waive-\(UUID()).yaml").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            try """
                name: ours
                extends: go-live
                waivers:
                  - {rule: mx.implicit, subject: nomx.test, reason: "the web host takes the mail", expires: 2099-12-31}
                """.write(toFile: path, atomically: true, encoding: .utf8)
            let text = await Binary.run(["audit", "nomx.test", "--resolver", Lab.resolver, "--profile", path])
            #expect(text.stdout.contains("WAIVED mx: Mail goes to the implicit MX"))
            #expect(text.stdout.contains("the web host takes the mail"))
            #expect(text.stdout.contains("1 waived"))
            let json = await Binary.run(["audit", "nomx.test", "--resolver", Lab.resolver, "--profile", path, "--format", "json"])
            #expect(json.stdout.contains("\"waiver\"") && json.stdout.contains("\"profile\" : \"ours\""))
        }

        @Test("check judges saved facts without a network, the same way as audit", .tags(.lab))
        func checkFacts() async throws {
            try await Lab.start()
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("facts-\(UUID()).json").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            let facts = await Binary.run(["facts", "nomx.test", "--resolver", Lab.resolver, "--output", path])
            #expect(facts.status == 0)
            let check = await Binary.run(["check", "--facts", path, "--format", "json"])
            #expect(check.status == 2)
            #expect(check.stdout.contains("\"spf.missing\"") && check.stdout.contains("\"fail\""))
            let text = await Binary.run(["check", "--facts", path])
            #expect(text.stdout.contains("FAIL  spf: No SPF record") && text.stdout.contains("fix: Publish one TXT record"))
            #expect(!text.stdout.contains("\u{1B}["), "no colour when not a terminal")
            let bad = await Binary.run(["check", "--facts", "/nonexistent/facts.json"])
            #expect(bad.status == 3 && bad.stderr.contains("cannot read"))
        }

        @Test("rules list, show and test; a user's rule file with an error stops the run with file and line")
        func rules() async throws {
            let list = await Binary.run(["rules", "list"])
            #expect(list.status == 0 && list.stdout.contains("spf.too-many-lookups"))
            let show = await Binary.run(["rules", "show", "dmarc.p-none"])
            #expect(show.status == 0 && show.stdout.contains("RFC 7489 §6.3"))
            let test = await Binary.run(["rules", "test"])
            #expect(test.status == 0 && test.stdout.contains(" passed, 0 failed"))

            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent("mine.yaml")
            try """
                area: mine
                rules:
                  - id: mine.one
                    title: One
                    severity: warn
                    check: "domain.endsWith('.test')"
                    message: "{{ domain }}"
                    refs: ["local policy"]
                    examples:
                      pass: [{domain: a.test}]
                      fail: [{domain: a.test}]
                """.write(to: file, atomically: true, encoding: .utf8)
            let failing = await Binary.run(["rules", "test", folder.path])
            #expect(failing.status == 2 && failing.stdout.contains("mine.one") && failing.stdout.contains("1 passed, 1 failed"))

            try "area: mine\nrules:\n  - id: mine.one\n    title: One\n    severity: loud\n".write(to: file, atomically: true, encoding: .utf8)
            let broken = await Binary.run(["audit", "good.test", "--rules", folder.path, "--resolver", Lab.deadAddress])
            #expect(broken.status == 3)
            #expect(broken.stderr.contains("mine.yaml:5") && broken.stderr.contains("mine.one"), "\(broken.stderr)")
        }
    }
}

extension ProgramTests {
    /// `--output` to something that is not a regular file (/dev/null, a FIFO) writes into it and
    /// leaves it as it was; an atomic replace once turned /dev/null into a regular file.
    @Suite("--output to a FIFO")
    struct OutputFileTests {
        @Test("json, jsonl and facts written through a FIFO; the FIFO stays a FIFO", .tags(.lab), arguments: [
            ["audit", "good.test", "--format", "json", "--no-smtp"],
            ["audit", "good.test", "--format", "jsonl", "--no-smtp"],
            ["facts", "good.test", "--no-smtp"],
        ])
        func fifo(arguments: [String]) async throws {
            try await Lab.start()
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailaudit-fifo-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let path = folder.appendingPathComponent("out").path
            try #require(mkfifo(path, 0o600) == 0)
            let received = Received()
            let reader = Thread {
                // Blocks until the writer opens the FIFO, then reads to its end.
                let fd = open(path, O_RDONLY)
                var data = Data()
                var buffer = [UInt8](repeating: 0, count: 65_536)
                while fd >= 0 {
                    let got = read(fd, &buffer, buffer.count)
                    if got <= 0 { break }
                    data.append(contentsOf: buffer[0..<got])
                }
                if fd >= 0 { close(fd) }
                received.set(data)
            }
            reader.start()
            let result = await Binary.run(arguments + ["--resolver", Lab.resolver, "--output", path])
            #expect((0...1).contains(result.status), "\(result.status): \(result.stderr)")
            for _ in 0..<100 where received.get() == nil { try await Task.sleep(for: .milliseconds(50)) }
            let text = String(decoding: received.get() ?? Data(), as: UTF8.self)
            #expect(text.contains("\"good.test\""), "the reader got the output: \(text.prefix(200))")
            var status = stat()
            #expect(stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFIFO, "still a FIFO")
        }
    }
}

final class Received: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?
    func set(_ value: Data) { lock.lock(); data = value; lock.unlock() }
    func get() -> Data? { lock.lock(); defer { lock.unlock() }; return data }
}
