import Foundation
import LabSupport
import MailFacts
import Testing

extension ProgramTests {
    /// `--dnsbl` / `--dbl` against the lab's DNS lists (zones/dnsbl.test.zone): a
    /// listed and an unlisted address, a listed domain, a list that refuses, one that lists
    /// everything, one answered outside 127.0.0.0/8, one that does not answer and one that
    /// times out. Only a real listing is a `fail`; the rest are `error` with their reason.
    @Suite("DNS blocklists, run as a program")
    struct DNSBLCommandTests {
        static var listsFile: String { Lab.packageRoot.appendingPathComponent("Tests/lab/dnsbl-lists.yaml").path }
        static let zones = ["--dnsbl", "bl.dnsbl.test", "--dnsbl", "refusing.dnsbl.test", "--dnsbl", "everything.dnsbl.test",
                            "--dnsbl", "rewritten.dnsbl.test", "--dnsbl", "partial.dnsbl.test", "--dnsbl", "v4only.dnsbl.test",
                            "--dnsbl", "notest.dnsbl.test", "--dnsbl", "unnamedrefusing.dnsbl.test",
                            "--dbl", "dbl.dnsbl.test"]

        static func facts(_ domain: String, _ arguments: [String], resolver: String = Lab.resolver) async throws -> FactSet {
            let result = await Binary.run(["facts", domain, "--resolver", resolver, "--no-smtp", "--dnsbl-lists", listsFile] + arguments)
            #expect(result.status == 0, "\(result.stderr)")
            return try JSONDecoder().decode(FactSet.self, from: Data(result.stdout.utf8))
        }

        @Test("facts: each MX address on each IP list and the domain on the domain list, decoded by the data file; the lists' test entries",
              .tags(.lab))
        func facts() async throws {
            try await Lab.start()
            let facts = try await Self.facts("good.test", Self.zones)
            let dnsbl = try #require(facts.dnsbl, "no dnsbl facts")
            func check(_ subject: String, _ zone: String) -> DNSBLCheckFact? { dnsbl.checks.first { $0.subject == subject && $0.zone == zone } }
            func list(_ zone: String) -> DNSBLListFact? { dnsbl.lists.first { $0.zone == zone } }

            // Listed, with both codes decoded and the TXT reason; the other MX is not listed.
            let listed = try #require(check(Lab.address(25), "bl.dnsbl.test"))
            #expect(listed.status == .listed && listed.exchange == "mx1.good.test")
            #expect(listed.lookup.name == "25.\(Lab.net.split(separator: ".").reversed().joined(separator: ".")).bl.dnsbl.test")
            #expect(listed.codes.map(\.address).sorted() == ["127.0.0.2", "127.0.0.4"])
            #expect(Set(listed.codes.compactMap(\.meaning)) == ["a spam source", "an exploited host"])
            #expect(listed.reason?.contains("sent spam to our traps") == true, "\(String(describing: listed.reason))")
            #expect(check(Lab.address(26), "bl.dnsbl.test")?.status == .notListed)
            #expect(list("bl.dnsbl.test")?.health == .usable && list("bl.dnsbl.test")?.listName == "Lab blocklist")
            #expect(list("bl.dnsbl.test")?.testEntries.map(\.status) == [.listed, .notListed])
            if Lab.hasIPv6Loopback {
                // IPv6 as reversed nibbles (RFC 5782 §2.4); bl lists its IPv6 test entry, v4only does not.
                let v6 = try #require(check("::1", "bl.dnsbl.test"))
                #expect(v6.lookup.name == "1." + String(repeating: "0.", count: 31) + "bl.dnsbl.test", "\(v6.lookup.name)")
                #expect(v6.status == .notListed && list("bl.dnsbl.test")?.coversIPv6 == true)
                #expect(list("v4only.dnsbl.test")?.coversIPv6 == false && check("::1", "v4only.dnsbl.test")?.status == .unreliable)
            } else {
                #expect(list("bl.dnsbl.test")?.coversIPv6 == nil, "asked only when an MX host has an IPv6 address")
            }
            #expect(check(Lab.address(26), "v4only.dnsbl.test")?.status == .notListed && list("v4only.dnsbl.test")?.health == .usable)

            // A refusal code is a refusal, never a listing.
            #expect(list("refusing.dnsbl.test")?.health == .refused)
            let refusing = dnsbl.checks.filter { $0.zone == "refusing.dnsbl.test" }
            #expect(!refusing.isEmpty)
            for check in refusing {
                #expect(check.status == .refused && check.codes.first?.meaning == "the query came through a public resolver", "\(check)")
            }
            // Refusing only its test entry: the list cannot be used, whatever it says of the rest.
            #expect(list("partial.dnsbl.test")?.health == .refused && check(Lab.address(26), "partial.dnsbl.test")?.status == .notListed)
            // A list that lists 127.0.0.1 lists everything: its "listed" is not believed.
            #expect(list("everything.dnsbl.test")?.health == .listsEverything)
            let everything = dnsbl.checks.filter { $0.zone == "everything.dnsbl.test" }
            #expect(!everything.isEmpty && everything.allSatisfy { $0.status == .unreliable })
            // An answer outside 127.0.0.0/8 is no list's code.
            #expect(list("rewritten.dnsbl.test")?.health == .unexpectedAnswer)
            let rewritten = dnsbl.checks.filter { $0.zone == "rewritten.dnsbl.test" }
            #expect(!rewritten.isEmpty && rewritten.allSatisfy { $0.status == .unexpectedAnswer })
            // The domain on the domain list: not listed; TEST listed, INVALID not.
            #expect(check("good.test", "dbl.dnsbl.test")?.status == .notListed)
            #expect(list("dbl.dnsbl.test")?.kind == .domain && list("dbl.dnsbl.test")?.health == .usable)

            // A listed domain.
            let nodkim = try await Self.facts("nodkim.good.test", ["--dbl", "dbl.dnsbl.test"])
            let domainCheck = try #require(nodkim.dnsbl?.checks.first)
            #expect(domainCheck.status == .listed && domainCheck.codes.first?.meaning == "a domain advertised in spam")
            #expect(domainCheck.reason == "nodkim.good.test is advertised in spam")

            // No list named: none asked.
            let plain = await Binary.run(["facts", "good.test", "--resolver", Lab.resolver, "--no-smtp"])
            #expect(try JSONDecoder().decode(FactSet.self, from: Data(plain.stdout.utf8)).dnsbl == nil)
        }

        /// The `dnsbl.*` findings of an audit's JSON report, by "rule subject": outcome, message, fix.
        static func findings(_ arguments: [String], status expected: Int32) async throws -> [String: (outcome: String, message: String, fix: String)] {
            let result = await Binary.run(["audit"] + arguments + ["--no-smtp", "--dnsbl-lists", listsFile, "--format", "json"])
            #expect(result.status == expected, "\(result.stderr)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            var found: [String: (String, String, String)] = [:]
            for domain in report["domains"] as? [[String: Any]] ?? [] {
                for finding in domain["findings"] as? [[String: Any]] ?? [] {
                    guard let rule = finding["ruleID"] as? String, rule.hasPrefix("dnsbl.") else { continue }
                    found[rule + " " + (finding["subject"] as? String ?? "?")] = (finding["outcome"] as? String ?? "?", finding["message"] as? String ?? "",
                                                                                  finding["fix"] as? String ?? "")
                }
            }
            return found
        }

        @Test("audit: a listing fails with the list's meaning, reason and removal page; a list that refuses, lists everything or answers oddly is one error with what to do",
              .tags(.lab))
        func audit() async throws {
            try await Lab.start()
            // A listing (fail) beside lists that refuse (error): CRITICAL outranks UNKNOWN, exit 2.
            let findings = try await Self.findings(["good.test", "--resolver", Lab.resolver] + Self.zones, status: 2)
            let listed = try #require(findings["dnsbl.listed \(Lab.address(25)) on bl.dnsbl.test"], "\(findings.keys.sorted())")
            #expect(listed.outcome == "fail")
            #expect(listed.message.contains("mx1.good.test") && listed.message.contains("Lab blocklist (bl.dnsbl.test)")
                    && listed.message.contains("127.0.0.2 (a spam source)") && listed.message.contains("sent spam to our traps"), "\(listed.message)")
            #expect(listed.fix.contains("https://bl.dnsbl.test/lookup"), "\(listed.fix)")
            #expect(findings["dnsbl.listed \(Lab.address(26)) on bl.dnsbl.test"]?.outcome == "pass")
            #expect(findings["dnsbl.listed good.test on dbl.dnsbl.test"]?.outcome == "pass")
            #expect(findings["dnsbl.list-usable bl.dnsbl.test"]?.outcome == "pass")

            // A list that cannot be used is one finding, not one per address.
            let refused = try #require(findings["dnsbl.list-usable refusing.dnsbl.test"], "\(findings.keys.sorted())")
            #expect(refused.outcome == "error" && refused.message.contains("127.255.255.254") && refused.message.contains("None of its answers is a listing"),
                    "\(refused.message)")
            #expect(refused.fix.contains("resolver of your own"), "\(refused.fix)")
            #expect(findings["dnsbl.listed \(Lab.address(25)) on refusing.dnsbl.test"]?.outcome == "n/a")
            // 127.255.255.0/24 from a list the data does not know is a refusal too, not "lists everything".
            let unnamed = try #require(findings["dnsbl.list-usable unnamedrefusing.dnsbl.test"], "\(findings.keys.sorted())")
            #expect(unnamed.outcome == "error" && unnamed.message.contains("127.255.255.254") && !unnamed.message.contains("lists everything"),
                    "\(unnamed.message)")
            let everything = try #require(findings["dnsbl.list-usable everything.dnsbl.test"])
            #expect(everything.outcome == "error" && everything.message.contains("127.0.0.1"), "\(everything.message)")
            #expect(findings["dnsbl.listed \(Lab.address(25)) on everything.dnsbl.test"]?.outcome == "n/a")
            // A list that refuses its test entry: its NXDOMAIN for an address is not "not listed".
            #expect(findings["dnsbl.list-usable partial.dnsbl.test"]?.outcome == "error")
            #expect(findings["dnsbl.listed \(Lab.address(26)) on partial.dnsbl.test"]?.outcome == "n/a")
            #expect(findings["dnsbl.listed \(Lab.address(26)) on v4only.dnsbl.test"]?.outcome == "pass")
            if Lab.hasIPv6Loopback {
                // A list without IPv6 coverage: a note, not an error every run; ::1 is not judged against it.
                #expect(findings["dnsbl.listed ::1 on v4only.dnsbl.test"]?.outcome == "n/a")
                let coverage = try #require(findings["dnsbl.ipv6-covered v4only.dnsbl.test"])
                #expect(coverage.outcome == "info" && coverage.message.contains("::1") && coverage.message.contains("may not cover IPv6"), "\(coverage.message)")
                #expect(findings["dnsbl.ipv6-covered bl.dnsbl.test"]?.outcome == "pass")
            }
            let rewritten = try #require(findings["dnsbl.list-usable rewritten.dnsbl.test"])
            #expect(rewritten.outcome == "error" && rewritten.message.contains("rewrites NXDOMAIN"), "\(rewritten.message)")
            // A list without its test entry: one error for the list; its listing still fails, its "not listed" is not judged.
            #expect(findings["dnsbl.list-usable notest.dnsbl.test"]?.outcome == "error")
            #expect(findings["dnsbl.listed \(Lab.address(25)) on notest.dnsbl.test"]?.outcome == "fail")
            #expect(findings["dnsbl.listed \(Lab.address(26)) on notest.dnsbl.test"]?.outcome == "n/a")
            // Only the two real listings fail.
            #expect(findings.values.filter { $0.outcome == "fail" }.count == 2, "\(findings)")
        }

        @Test("a list that does not answer (SERVFAIL) or times out is an error about that lookup, never listed or not listed", .tags(.lab))
        func lookupFailures() async throws {
            try await Lab.start()
            // dead.test is delegated to an address where nothing listens: the resolver SERVFAILs.
            let dead = try await Self.facts("good.test", ["--dnsbl", "bl.dead.test"])
            #expect(dead.dnsbl?.lists.first?.health == .lookupFailed && dead.dnsbl?.checks.isEmpty == false)
            // (SERVFAIL once unbound has given up on the server; a timeout while it still tries.)
            #expect(dead.dnsbl?.checks.allSatisfy { $0.status == .lookupFailed && [.servfail, .timeout].contains($0.lookup.outcome) } == true,
                    "\(String(describing: dead.dnsbl?.checks))")

            // In the audit: one error for the list, not one per address.
            let deadFindings = try await Self.findings(["good.test", "--resolver", Lab.resolver, "--dnsbl", "bl.dead.test"], status: 3)
            #expect(deadFindings["dnsbl.list-usable bl.dead.test"]?.outcome == "error", "\(deadFindings)")
            let perAddress = deadFindings.filter { $0.key.hasPrefix("dnsbl.listed ") }
            #expect(!perAddress.isEmpty && perAddress.allSatisfy { $0.value.outcome == "n/a" }, "\(deadFindings)")

            // A relay that never answers names whose first label is "26": mx2.good.test's
            // question to the list times out; the rest of the domain resolves.
            let lossy = try LossyResolver.start(dropLabel: "26", upstream: Lab.resolver)
            defer { lossy.stop() }
            let resolver = "\(lossy.address):\(lossy.port)"
            let facts = try await Self.facts("good.test", ["--dnsbl", "bl.dnsbl.test", "--timeout", "1", "--retries", "0"], resolver: resolver)
            let silent = try #require(facts.dnsbl?.checks.first { $0.subject == Lab.address(26) })
            #expect(silent.status == .lookupFailed && silent.lookup.outcome == .timeout, "\(silent)")
            #expect(facts.dnsbl?.checks.first { $0.subject == Lab.address(25) }?.status == .listed)

            // mx1's listing (fail) outranks the timed-out question (error): exit 2.
            let findings = try await Self.findings(["good.test", "--resolver", resolver, "--dnsbl", "bl.dnsbl.test", "--timeout", "1", "--retries", "0"],
                                                   status: 2)
            let timedOut = try #require(findings["dnsbl.listed \(Lab.address(26)) on bl.dnsbl.test"])
            #expect(timedOut.outcome == "error" && timedOut.message.contains("timeout") && timedOut.message.contains("says nothing either way"),
                    "\(timedOut.message)")
            #expect(findings["dnsbl.listed \(Lab.address(25)) on bl.dnsbl.test"]?.outcome == "fail")
        }

        @Test("a bad --dnsbl-lists file or zone is one line naming the place, exit 3")
        func badInput() async throws {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("dnsbl-\(UUID().uuidString).yaml")
            defer { try? FileManager.default.removeItem(at: file) }
            try "lists:\n  - name: Typo\n    zones: [bl.example.net]\n    kind: ip\n    refuse:\n      127.0.0.1: x\n".write(to: file, atomically: true, encoding: .utf8)
            let bad = await Binary.run(["facts", "example.org", "--resolver", "127.0.0.1:9", "--dnsbl", "bl.example.net", "--dnsbl-lists", file.path])
            #expect(bad.status == 3, "\(bad.stderr)")
            #expect(bad.stderr.contains("\(file.path):5") && bad.stderr.contains("unknown key 'refuse'"), "\(bad.stderr)")
            #expect(bad.stderr.split(separator: "\n").count == 1, "\(bad.stderr)")
            let zone = await Binary.run(["facts", "example.org", "--dnsbl", "bad..zone"])
            #expect(zone.status == 3 && zone.stderr.contains("--dnsbl bad..zone"), "\(zone.stderr)")
            // A domain list named as an IP list (and the reverse) would ask wrong names.
            let wrongKind = await Binary.run(["facts", "example.org", "--resolver", "127.0.0.1:9", "--dbl", "zen.spamhaus.org"])
            #expect(wrongKind.status == 3 && wrongKind.stderr.contains("name it with --dnsbl"), "\(wrongKind.stderr)")
            let keyed = await Binary.run(["facts", "example.org", "--resolver", "127.0.0.1:9", "--dnsbl", "s3cr3t.dbl.dq.spamhaus.net"])
            #expect(keyed.status == 3 && keyed.stderr.contains("<key>.dbl.dq.spamhaus.net") && !keyed.stderr.contains("s3cr3t"), "\(keyed.stderr)")
            let both = await Binary.run(["facts", "example.org", "--dnsbl", "bl.example.net", "--dbl", "BL.example.net."])
            #expect(both.status == 3 && both.stderr.contains("both --dnsbl and --dbl"), "\(both.stderr)")
        }
    }
}
