import Foundation
import LabSupport
import Testing

extension ProgramTests {
    /// Terminal controls and bidi overrides from outside never reach a terminal raw.
    @Suite("Outside text is inert in text output, run as programs")
    struct InertOutputTests {
        static func raw(_ text: String) -> Bool {
            text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E }
        }

        @Test("TXT records holding ESC [2J, BEL, an OSC 8 link and U+202E: audit --verbose and spf print them escaped", .tags(.lab))
        func dnsData() async throws {
            try await Lab.start()
            let audit = await Binary.run(["audit", "ctl.records.test", "--resolver", Lab.resolver, "--no-smtp", "--verbose"])
            #expect(!audit.stdout.isEmpty && !Self.raw(audit.stdout) && !Self.raw(audit.stderr), "\(audit.stdout)")
            #expect(audit.stdout.contains(#"\e[2J\x07"#) || audit.stdout.contains(#"\e]8;;"#), "the controls are shown, escaped: \(audit.stdout)")
            let spf = await Binary.run(["spf", "ctl.records.test", "--ip", "192.0.2.1", "--resolver", Lab.resolver])
            #expect(!Self.raw(spf.stdout) && spf.stdout.contains(#"\e[2J\x07"#) && spf.stdout.contains(#"\u{202e}"#), "\(spf.stdout)")
        }

        @Test("a 64 KB SPF record and bytes that are not UTF-8: every format writes them, the bytes escaped, none dropped", .tags(.lab))
        func hugeAndBinaryRecords() async throws {
            try await Lab.start()
            let domains = ["huge.records.test", "binary.records.test"]
            let json = await Binary.run(["audit"] + domains + ["--resolver", Lab.resolver, "--no-smtp", "--format", "json"])
            #expect([1, 2].contains(json.status), "\(json.stderr)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
            let reports = try #require(report["domains"] as? [[String: Any]])
            func txt(_ domain: String) -> [String: Any]? {
                let facts = reports.first { $0["domain"] as? String == domain }?["facts"] as? [String: Any]
                return ((facts?["txt"] as? [String: Any])?["domain"] as? [String: Any]).flatMap { ($0["records"] as? [[String: Any]])?.first }
            }
            // The whole record came (over TCP), byte for byte.
            let huge = try #require(txt("huge.records.test"))
            #expect(huge["length"] as? Int == 63_912)
            #expect((huge["text"] as? String)?.hasSuffix("ip4:10.13.250.0/24 -all") == true)
            // \255\254 in the zone: two bytes that are not UTF-8, written \xFF\xFE; the length counts the bytes.
            let binary = try #require(txt("binary.records.test"))
            #expect(binary["text"] as? String == #"v=spf1 ip4:192.0.2.1 \xFF\xFE -all"#)
            #expect(binary["length"] as? Int == 28)
            for format in ["text", "html", "jsonl", "csv"] {
                let run = await Binary.run(["audit"] + domains + ["--resolver", Lab.resolver, "--no-smtp", "--format", format, "--verbose"])
                #expect([1, 2].contains(run.status), "\(format): \(run.stderr)")
                #expect(run.stdout.contains(#"\xFF\xFE"#) || run.stdout.contains(#"\\xFF\\xFE"#), "\(format) shows the bytes escaped")
                #expect(!run.stdout.contains("\u{FFFD}"), "\(format): no replacement character")
            }
        }

        @Test("an SMTP banner and EHLO reply holding terminal controls: the smtp transcript shows them escaped")
        func smtpBanner() async throws {
            let server = try FakeTCPServer(address: Lab.address(35)) { fd in
                FakeTCPServer.write(fd, "220 mx.example.test \u{1B}[2J\u{1B}]8;;http://evil.example/\u{07}click\u{1B}]8;;\u{07} ESMTP\r\n")
                guard FakeTCPServer.readLine(fd)?.hasPrefix("EHLO") == true else { return }
                FakeTCPServer.write(fd, "250-mx.example.test \u{202E}olleh\r\n250 SIZE 1000\r\n")
                guard FakeTCPServer.readLine(fd) == "QUIT" else { return }
                FakeTCPServer.write(fd, "221 bye\r\n")
            }
            defer { server.stop() }
            let result = await Binary.run(["smtp", server.address, "--port", String(server.port), "--tls", "none"])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            #expect(!Self.raw(result.stdout), "\(result.stdout)")
            #expect(result.stdout.contains(#"<- 220 mx.example.test \e[2J\e]8;;http://evil.example/\x07click"#), "\(result.stdout)")
            #expect(result.stdout.contains(#"\u{202e}olleh"#))
        }
    }
}

extension ProgramTests {
    /// A domains file: comments anywhere, per-domain DKIM selectors, errors that name the line.
    @Suite("--domains-file")
    struct DomainsFileTests {
        @Test("comments anywhere, per-domain selectors; a domain without selectors and no key found is a note, not a warning", .tags(.lab))
        func perDomainSelectors() async throws {
            try await Lab.start()
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("domains-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let list = folder.appendingPathComponent("domains.txt")
            try """
                # the lab's domains
                good.test   dkim=sel2048,sel1024   # signed with these
                  # an indented comment
                nullmx.test

                """.write(to: list, atomically: true, encoding: .utf8)
            let result = await Binary.run(["audit", "--domains-file", list.path, "--resolver", Lab.resolver, "--no-smtp", "--format", "json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
            let domains = try #require(object["domains"] as? [[String: Any]])
            #expect(domains.compactMap { $0["domain"] as? String } == ["good.test", "nullmx.test"])
            func given(_ index: Int) -> [String] {
                let selectors = ((domains[index]["facts"] as? [String: Any])?["dkim"] as? [String: Any])?["selectors"] as? [[String: Any]] ?? []
                return selectors.filter { $0["source"] as? String == "given" }.compactMap { $0["selector"] as? String }
            }
            #expect(given(0) == ["sel2048", "sel1024"] && given(1).isEmpty)
            func outcome(_ index: Int, _ rule: String) -> String? {
                (domains[index]["findings"] as? [[String: Any]])?.first { $0["ruleID"] as? String == rule }?["outcome"] as? String
            }
            #expect(outcome(0, "dkim.no-key") == "pass" && outcome(0, "dkim.not-verified") == "n/a")
            // nullmx.test sends no mail (v=spf1 -all) and has no _domainkey (NXDOMAIN): no key
            // is needed and none can exist, so neither DKIM note applies.
            #expect(outcome(1, "dkim.not-verified") == "n/a" && outcome(1, "dkim.none-published") == "n/a"
                    && [nil, "n/a"].contains(outcome(1, "dkim.no-key")), "no selector named, no mail sent: nothing to say")

            // A clean domain audited without a selector: "DKIM not verified" is a note, exit 0.
            let clean = await Binary.run(["audit", "nodkim.good.test", "--resolver", Lab.resolver, "--ca-file", Lab.caFile])
            #expect(clean.status == 0 && clean.stdout.contains("(dkim.not-verified)") && clean.stdout.contains("INFO"), "\(clean.stdout)")

            try "good.test dkim\n".write(to: list, atomically: true, encoding: .utf8)
            let bad = await Binary.run(["audit", "--domains-file", list.path, "--resolver", Lab.resolver])
            #expect(bad.status == 3 && bad.stderr.contains("domains.txt:1") && bad.stderr.split(separator: "\n").count == 1, "\(bad.stderr)")
        }
    }
}
