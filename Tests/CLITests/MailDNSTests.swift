import Foundation
import LabSupport
import Testing

extension ProgramTests {
    /// The DNS beneath the mail, on the lab: what `_domainkey` says when no selector is named
    /// (RFC 8020), and (below) the name servers of the domain and of its MX hosts.
    @Suite("The DNS beneath the mail (lab)")
    struct MailDNSTests {
        /// One domain's entry of `audit --format json` (DNS only): its facts, rule id → outcomes
        /// and rule id → message, and the exit status.
        static func audit(_ domain: String, extra: [String] = []) async throws
            -> (exit: Int32, facts: [String: Any], outcomes: [String: Set<String>], messages: [String: [String]]) {
            let result = await Binary.run(["audit", domain, "--resolver", Lab.resolver, "--format", "json", "--no-smtp", "--ns-checks"] + extra)
            let root = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
            let report = try #require((root["domains"] as? [[String: Any]])?.first)
            var outcomes: [String: Set<String>] = [:]
            var messages: [String: [String]] = [:]
            for finding in report["findings"] as? [[String: Any]] ?? [] {
                let id = finding["ruleID"] as? String ?? "?"
                outcomes[id, default: []].insert(finding["outcome"] as? String ?? "?")
                messages[id, default: []].append(finding["message"] as? String ?? "")
            }
            return (result.status, report["facts"] as? [String: Any] ?? [:], outcomes, messages)
        }

        @Test("_domainkey: an empty non-terminal is a note (keys at selectors not named), NXDOMAIN a warning, a wildcard proves nothing",
              .tags(.lab), arguments: [
                  ("nodkim.good.test", "empty", "dkim.not-verified", "info", "selectors not named"),
                  ("nokeys.records.test", "absent", "dkim.none-published", "warn", "does not exist (NXDOMAIN)"),
                  ("wild.records.test", "wildcard", "dkim.not-verified", "info", "a wildcard answers"),
              ])
        func domainKeyNode(domain: String, node: String, rule: String, outcome: String, words: String) async throws {
            try await Lab.start()
            let audit = try await Self.audit(domain)
            let dkim = audit.facts["dkim"] as? [String: Any] ?? [:]
            #expect(dkim["node"] as? String == node, "\(dkim)")
            #expect(audit.outcomes[rule] == [outcome], "\(audit.outcomes[rule] ?? [])")
            #expect(audit.messages[rule]?.first?.contains(words) == true, "\(audit.messages[rule] ?? [])")
            // The wildcard's record, which every common selector receives, is not taken for a key
            // (it was 37 "invalid DKIM key" failures before).
            #expect(audit.outcomes["dkim.invalid"] == nil || audit.outcomes["dkim.invalid"] == ["pass"], "\(audit.outcomes["dkim.invalid"] ?? [])")
            #expect((dkim["selectors"] as? [Any])?.isEmpty == true, "\(dkim["selectors"] ?? "")")
            if node == "absent" {
                #expect(dkim["wildcardLookup"] == nil, "NXDOMAIN at _domainkey needs no second query")
            } else {
                #expect((dkim["wildcardLookup"] as? [String: Any])?["outcome"] as? String == (node == "empty" ? "nxdomain" : "records"))
            }
        }

        /// The findings of one rule that did not pass or were not applicable, with their subjects.
        static func problems(_ domain: String) async throws -> (exit: Int32, facts: [String: Any], found: [String: [(subject: String, outcome: String, message: String)]]) {
            let result = await Binary.run(["audit", domain, "--resolver", Lab.resolver, "--format", "json", "--no-smtp", "--ns-checks"])
            let root = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
            let report = try #require((root["domains"] as? [[String: Any]])?.first)
            var found: [String: [(subject: String, outcome: String, message: String)]] = [:]
            for finding in report["findings"] as? [[String: Any]] ?? [] {
                let outcome = finding["outcome"] as? String ?? "?"
                guard !["pass", "n/a"].contains(outcome) else { continue }
                found[finding["ruleID"] as? String ?? "?", default: []].append(
                    (finding["subject"] as? String ?? "", outcome, finding["message"] as? String ?? ""))
            }
            return (result.status, report["facts"] as? [String: Any] ?? [:], found)
        }

        @Test("each name-server fault of the lab gives its finding, naming the server and its address", .tags(.lab), arguments: [
            ("lamens.test", "ns.lame", "fail", "ns1.test [\(Lab.address(53))]", "without authority"),
            ("lame.test", "ns.lame", "fail", "ns2.test [\(Lab.address(52))]", "REFUSED"),
            ("ghostns.test", "ns.name-unresolved", "fail", "ns.ghost.test", "does not exist (NXDOMAIN)"),
            ("axfr.test", "ns.axfr", "warn", "ns4.test [\(Lab.address(57))]", "zone transfer (AXFR) of axfr.test"),
            ("dead.test", "ns.unreachable", "warn", "ns.dead-server.test [\(Lab.address(55))]", "the zone cannot be reached"),
            ("unsigned.test", "ns.soa-timers", "info", "unsigned.test", "refresh below 14400"),
        ])
        func nameServerFault(domain: String, rule: String, outcome: String, subject: String, words: String) async throws {
            try await Lab.start()
            let audit = try await Self.problems(domain)
            let findings = audit.found[rule] ?? []
            #expect(findings.contains { $0.subject == subject && $0.outcome == outcome && $0.message.contains(words) },
                    "\(domain): \(rule) gave \(findings)")
            // The zone's other, healthy servers are not blamed with it.
            if rule == "ns.lame" || rule == "ns.axfr" {
                #expect(findings.allSatisfy { $0.subject.contains("[") }, "\(findings)")
            }
        }

        @Test("good.test: no name-server finding but the one-network and no-IPv6 notes (every lab address is in one /24 of loopback); diverse.test spreads over two /24s",
              .tags(.lab))
        func healthyZones() async throws {
            try await Lab.start()
            let good = try await Self.problems("good.test")
            let nsFindings = good.found.filter { $0.key.hasPrefix("ns.") }
            #expect(Set(nsFindings.keys) == ["ns.diversity", "ns.ipv6"], "\(nsFindings)")
            #expect(good.found["ns.diversity"]?.first?.message.contains("\(Lab.address(0).dropLast(2)).0/24") == true, "\(nsFindings)")
            let nameServers = try #require(good.facts["nameServers"] as? [String: Any])
            let servers = nameServers["servers"] as? [[String: Any]] ?? []
            // Both addresses of good.test's servers (ns2.test and ns4.test) asked, each with every check.
            #expect(Set(servers.compactMap { $0["address"] as? String }) == [Lab.address(52), Lab.address(57)])
            for server in servers {
                #expect(server["udp"] as? String == "authoritative" && server["tcp"] as? String == "authoritative"
                        && server["edns"] as? String == "badvers" && server["axfr"] as? String == "refused"
                        && server["recursion"] as? String == "not-offered", "\(server)")
            }
            let zone = try #require((nameServers["zones"] as? [[String: Any]])?.first)
            #expect((zone["delegation"] as? [String: Any])?["status"] as? String == "referral")
            #expect(zone["usedFor"] as? [String] == ["good.test", "mx1.good.test", "mx2.good.test"], "the domain and both MX hosts share one zone, checked once")

            let diverse = try await Self.problems("diverse.test")
            #expect(diverse.found["ns.diversity"]?.contains { $0.subject == "diverse.test" } != true, "\(diverse.found["ns.diversity"] ?? [])")
        }
    }
}
