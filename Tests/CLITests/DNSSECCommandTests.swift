import DNSClient
import Foundation
import LabSupport
import MailFacts
import Testing

extension ProgramTests {
    /// `mailaudit facts` and `audit` with mailaudit's own DNSSEC validation:
    /// through a path on which nothing validates, the verdicts are those of the lab's
    /// validating unbound, with reasons; DANE is judged on TLSA records mailaudit validated.
    @Suite("DNSSEC validated by mailaudit, run as a program")
    struct DNSSECCommandTests {
        /// The lab's validating unbound's verdict on (name, MX): AD is secure, SERVFAIL bogus.
        static func unboundVerdict(_ name: String, _ type: DNSType) async throws -> DNSSECStatusValue {
            let dns = StubResolver(configuration: DNSClientConfiguration(servers: [try DNSServer(address: Lab.resolver)], cachesAnswers: false))
            let answer = await dns.query(name, type)
            if answer.outcome == .servfail { return .bogus }
            return answer.authenticData ? .secure : .insecure
        }

        static let domains = ["good.test", "bogus.test", "expired.test", "future.test", "expiring.test", "sha1.test", "unknownalg.test",
                              "optout.test", "mixed.test", "unsigned.test", "dane.test"]

        @Test("facts through the NSD of all zones, asked directly, with --trust-anchor: unbound's verdict for every lab zone and mail host, with reasons",
              .tags(.lab))
        func factsAgreeWithUnbound() async throws {
            try await Lab.start()
            var agree = 0, total = 0
            for domain in Self.domains {
                let result = await Binary.run(["facts", domain, "--resolver", Lab.allZonesServer, "--trust-anchor", Lab.trustAnchorFile, "--no-smtp"])
                #expect(result.status == 0, "\(domain): \(result.stderr)")
                let facts = try JSONDecoder().decode(FactSet.self, from: Data(result.stdout.utf8))
                let dnssec = try #require(facts.dnssec, "\(domain) has no DNSSEC facts")
                let expected = try await Self.unboundVerdict(domain, .MX)
                total += 1
                if dnssec.status == expected { agree += 1 }
                #expect(dnssec.status == expected && dnssec.source == .validation, "\(domain): \(dnssec.status) (\(dnssec.source?.rawValue ?? "-")), unbound: \(expected): \(dnssec.reason)")
                #expect(dnssec.resolverStatus == .indeterminate, "\(domain): an authoritative server asked directly gives no verdict of its own")
                if expected == .bogus {
                    #expect(dnssec.validation?.problem != nil && dnssec.validation?.link != nil, "\(domain): \(String(describing: dnssec.validation))")
                }
                for exchange in facts.mx?.exchanges ?? [] {
                    let hostExpected = try await Self.unboundVerdict(exchange.name, .A)
                    total += 1
                    if exchange.dnssec.status == hostExpected { agree += 1 }
                    #expect(exchange.dnssec.status == hostExpected, "\(domain) → \(exchange.name): \(exchange.dnssec.status), unbound: \(hostExpected): \(exchange.dnssec.reason)")
                }
            }
            print("conformance: DNSSEC through NSD asked directly (mailaudit facts --trust-anchor): \(agree)/\(total) verdicts as the lab's validating unbound gives them")
        }

        @Test("DANE is judged through a resolver that does not validate, once mailaudit has validated the TLSA records", .tags(.lab))
        func daneThroughPlainResolver() async throws {
            try await Lab.start()
            func mx1DANE(_ extra: [String]) async throws -> DANEStatus? {
                let result = await Binary.run(["facts", "good.test", "--resolver", Lab.plainResolver, "--ca-file", Lab.caFile] + extra)
                #expect(result.status == 0, "\(result.stderr)")
                let facts = try JSONDecoder().decode(FactSet.self, from: Data(result.stdout.utf8))
                let endpoint = facts.smtp?.endpoints.first { $0.host == "mx1.good.test" && !$0.address.contains(":") }
                return endpoint?.dane?.status
            }
            #expect(try await mx1DANE(["--trust-anchor", Lab.trustAnchorFile]) == .match)
            // Without validation of its own, the resolver's missing AD bit makes the records not secure.
            #expect(try await mx1DANE(["--no-dnssec-validation"]) == .notSecure)
        }

        @Test("the rules on mailaudit's verdicts: bogus with its reason, deprecated algorithm, signatures about to expire", .tags(.lab))
        func findings() async throws {
            try await Lab.start()
            let result = await Binary.run(["audit", "expired.test", "sha1.test", "expiring.test", "good.test", "--resolver", Lab.plainResolver,
                                           "--trust-anchor", Lab.trustAnchorFile, "--no-smtp", "--format", "json"])
            #expect(result.status == 2, "\(result.stderr)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            var outcomes: [String: [String: String]] = [:]
            var messages: [String: String] = [:]
            for domain in report["domains"] as? [[String: Any]] ?? [] {
                let name = domain["domain"] as? String ?? "?"
                for finding in domain["findings"] as? [[String: Any]] ?? [] {
                    guard let rule = finding["ruleID"] as? String, rule.hasPrefix("dnssec.") else { continue }
                    outcomes[name, default: [:]][rule] = finding["outcome"] as? String
                    messages["\(name) \(rule)"] = finding["message"] as? String
                }
            }
            #expect(outcomes["expired.test"]?["dnssec.bogus"] == "fail")
            #expect(messages["expired.test dnssec.bogus"]?.contains("signature expired for key expired.test.") == true, "\(messages)")
            #expect(outcomes["expired.test"]?["dnssec.mx-bogus"] == "fail")
            #expect(outcomes["sha1.test"]?["dnssec.deprecated-algorithm"] == "warn")
            #expect(messages["sha1.test dnssec.deprecated-algorithm"]?.contains("RSASHA1") == true)
            #expect(outcomes["expiring.test"]?["dnssec.signature-expiring"] == "warn")
            for rule in ["dnssec.bogus", "dnssec.mx-bogus", "dnssec.deprecated-algorithm", "dnssec.signature-expiring", "dnssec.unsigned"] {
                #expect(outcomes["good.test"]?[rule] == "pass", "good.test \(rule): \(String(describing: outcomes["good.test"]?[rule]))")
            }
        }

        @Test("from the root's trust anchor, which the lab's resolver does not serve: no verdict of mailaudit's own, the resolver's word, said so",
              .tags(.lab))
        func rootAnchorInTheLab() async throws {
            try await Lab.start()
            guard FileManager.default.fileExists(atPath: DNSSECValidator.rootTrustAnchor) else {
                Issue.record("\(DNSSECValidator.rootTrustAnchor) is missing: install dns-root-data (scripts/setup.sh --deps)")
                return
            }
            var environment = ProcessInfo.processInfo.environment
            environment["MAILAUDIT_TRUST_ANCHOR"] = nil
            let result = await Binary.run(["audit", "good.test", "--resolver", Lab.resolver, "--no-smtp", "--format", "json"], environment: environment)
            let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
            let domain = try #require((report["domains"] as? [[String: Any]])?.first)
            let dnssec = try #require((domain["facts"] as? [String: Any])?["dnssec"] as? [String: Any])
            let validation = try #require(dnssec["validation"] as? [String: Any])
            #expect(dnssec["status"] as? String == "secure" && dnssec["source"] as? String == "resolver", "\(dnssec)")
            #expect(validation["status"] as? String == "indeterminate" && validation["problem"] as? String == "trust-anchor", "\(validation)")
            let finding = (domain["findings"] as? [[String: Any]] ?? []).first { $0["ruleID"] as? String == "dnssec.not-validated" }
            #expect(finding?["outcome"] as? String == "info", "\(String(describing: finding))")
        }

        @Test("a bogus domain's finding names the keys: the DS's key tag and the zone's DNSKEY key tags, as ldns (drill) computes them",
              .tags(.lab))
        func bogusKeyTags() async throws {
            try await Lab.start()
            let result = await Binary.run(["audit", "bogus.test", "--resolver", Lab.resolver, "--no-smtp", "--format", "json"])
            let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
            let domain = try #require((report["domains"] as? [[String: Any]])?.first)
            let validation = (((domain["facts"] as? [String: Any])?["dnssec"] as? [String: Any])?["validation"] as? [String: Any]) ?? [:]
            let keys = try #require(validation["keys"] as? [String: Any], "\(validation)")
            let ds = (keys["ds"] as? [[String: Any]] ?? []).compactMap { $0["keyTag"] as? Int }
            let dnskeys = (keys["dnskeys"] as? [[String: Any]] ?? []).compactMap { $0["keyTag"] as? Int }
            // ldns's own key tags: drill prints ";{id = 48047 (ksk), ...}" after each DNSKEY.
            let drill = await Run.program(["/usr/bin/env", "drill", "-o", "CD", "DNSKEY", "bogus.test", "@\(Lab.resolver)"])
            let ids = drill.stdout.components(separatedBy: "{id = ").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
            #expect(!ids.isEmpty && Set(ids) == Set(dnskeys), "ldns: \(ids), mailaudit: \(dnskeys)")
            let drillDS = await Run.program(["/usr/bin/env", "drill", "-o", "CD", "DS", "bogus.test", "@\(Lab.resolver)"])
            let dsTags = drillDS.stdout.split(separator: "\n").filter { !$0.hasPrefix(";") && $0.contains("\tDS\t") }
                .compactMap { line in line.split(whereSeparator: \.isWhitespace).dropFirst(4).first.flatMap { Int($0) } }
            #expect(!dsTags.isEmpty && Set(dsTags) == Set(ds), "ldns: \(dsTags), mailaudit: \(ds)")
            let finding = try #require((domain["findings"] as? [[String: Any]] ?? []).first { $0["ruleID"] as? String == "dnssec.bogus" })
            let message = finding["message"] as? String ?? ""
            #expect(ds.allSatisfy { message.contains("names key \($0)") } && message.contains("which the zone does not publish"), "\(message)")
        }

        @Test("a trust anchor the user named that does not match (DS digest changed): an error naming the file, never a note with the resolver's word",
              .tags(.lab))
        func namedAnchorMismatch() async throws {
            try await Lab.start()
            let text = try String(contentsOfFile: Lab.trustAnchorFile, encoding: .utf8)
            // The last hex digit of each DS digest changed: the DS matches no key of test.
            let wrong = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
                guard !line.hasPrefix(";"), line.split(whereSeparator: \.isWhitespace).contains("DS"), let last = line.last else { return String(line) }
                return String(line.dropLast()) + (last == "0" ? "1" : "0")
            }.joined(separator: "\n")
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailaudit-anchor-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent("wrong.ds").path
            try wrong.write(toFile: file, atomically: true, encoding: .utf8)
            let result = await Binary.run(["audit", "good.test", "--resolver", Lab.resolver, "--no-smtp", "--trust-anchor", file, "--format", "json"])
            let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
            let domain = try #require((report["domains"] as? [[String: Any]])?.first)
            let validation = (((domain["facts"] as? [String: Any])?["dnssec"] as? [String: Any])?["validation"] as? [String: Any]) ?? [:]
            #expect(validation["problem"] as? String == "trust-anchor" && validation["trustAnchorNamed"] as? Bool == true, "\(validation)")
            let finding = try #require((domain["findings"] as? [[String: Any]] ?? []).first { $0["ruleID"] as? String == "dnssec.not-validated" })
            #expect(finding["outcome"] as? String == "error" && (finding["message"] as? String)?.contains(file) == true, "\(finding)")
            #expect(result.status != 0, "a run whose named anchor could not be used does not exit 0")
        }

        @Test("a trust anchor file that cannot be used: one line naming the file and --trust-anchor, exit 3",
              arguments: ["/nonexistent/anchor.ds", "/etc/passwd"])
        func badTrustAnchor(path: String) async {
            let result = await Binary.run(["facts", "good.test", "--resolver", "127.0.0.1", "--trust-anchor", path])
            #expect(result.status == 3)
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].contains("--trust-anchor") && lines[0].contains(path), "\(result.stderr)")
        }
    
        @Test("--stats counts the validations asked of mailaudit's own validator as their own figure; without validation there is none", .tags(.lab))
        func validationStatistics() async throws {
            try await Lab.start()
            let base = ["audit", "good.test", "bogus.test", "unsigned.test", "--resolver", Lab.resolver, "--no-smtp", "--stats", "--format", "jsonl"]
            let run = await Binary.run(base + ["--trust-anchor", Lab.trustAnchorFile])
            let stats = try #require(run.stderr.split(separator: "\n").first { $0.hasPrefix("mailaudit: stats: ") }, "\(run.stderr)")
            let validations = stats.split(separator: " ").first { $0.hasPrefix("dnssec_validations=") }.flatMap { Int($0.dropFirst(19)) }
            // At least the domain's MX question and each MX host's address, for three domains.
            #expect((validations ?? 0) >= 6, "\(stats)")
            let off = await Binary.run(base + ["--no-dnssec-validation"])
            #expect(off.stderr.contains("mailaudit: stats: ") && !off.stderr.contains("dnssec_validations="), "\(off.stderr)")
        }
}
}
