import Foundation
import LabServers
import LabSupport
import Testing

extension ProgramTests {
    /// The name-server checks against zonemaster-cli (Debian's, Zonemaster engine 4.6), the
    /// reference DNS checker, on the lab's zones. Zonemaster resolves from the root: the lab
    /// serves a root zone (zones/root.zone) and writes `root.hints` for its `--hints`. For each
    /// zone and each check, both tools say "a problem" or "none": Zonemaster by the tags it logs
    /// at NOTICE or above, mailaudit by a finding of the rule that did not pass (info, warn, fail).
    /// Severities are not compared (Zonemaster's ZONE05 is a warning, mailaudit's ns.soa-timers a
    /// note): only whether each tool sees the problem.
    @Suite("Conformance: the name-server checks agree with zonemaster-cli")
    struct ZonemasterConformanceTests {
        static let zones = ["good.test", "unsigned.test", "lamens.test", "ghostns.test", "axfr.test", "diverse.test", "lame.test", "dead.test"]

        /// mailaudit's rule → the Zonemaster tags that report the same problem.
        static let checks: [(rule: String, tags: Set<String>)] = [
            ("ns.lame", ["IS_NOT_AUTHORITATIVE", "CN01_SOA_RECORD_NOT_AA_UDP", "CN01_MISSING_SOA_RECORD_UDP", "CN01_UNEXPECTED_RCODE_SOA_QUERY_UDP"]),
            ("ns.unreachable", ["CN01_NO_RESPONSE_UDP", "CN01_NO_RESPONSE_SOA_QUERY_UDP"]),
            ("ns.tcp", ["CN02_NO_RESPONSE_TCP", "CN02_NO_RESPONSE_SOA_QUERY_TCP", "CN02_SOA_RECORD_NOT_AA_TCP", "CN02_MISSING_SOA_RECORD_TCP",
                        "CN02_UNEXPECTED_RCODE_SOA_QUERY_TCP", "NAMESERVER_NO_TCP_53"]),
            ("ns.count", ["NOT_ENOUGH_NS_DEL", "NOT_ENOUGH_NS_CHILD"]),
            ("ns.name-unresolved", ["CAN_NOT_BE_RESOLVED"]),
            ("ns.axfr", ["AXFR_AVAILABLE"]),
            ("ns.recursion", ["IS_A_RECURSOR"]),
            ("ns.edns", ["NO_EDNS_SUPPORT", "EDNS_RESPONSE_WITHOUT_EDNS", "EDNS_VERSION_ERROR", "BREAKS_ON_EDNS", "N10_NO_RESPONSE_EDNS1_QUERY",
                         "N10_EDNS_RESPONSE_ERROR"]),
            ("ns.serial", ["MULTIPLE_SOA_SERIALS", "SOA_SERIAL_VARIATION"]),
            ("ns.soa-timers", ["REFRESH_MINIMUM_VALUE_LOWER", "RETRY_MINIMUM_VALUE_LOWER", "EXPIRE_MINIMUM_VALUE_LOWER", "EXPIRE_LOWER_THAN_REFRESH",
                               "SOA_DEFAULT_TTL_MAXIMUM_VALUE_LOWER", "SOA_DEFAULT_TTL_MAXIMUM_VALUE_HIGHER", "REFRESH_LOWER_THAN_RETRY"]),
            ("ns.delegation", ["EXTRA_NAME_PARENT", "EXTRA_NAME_CHILD", "TOTAL_NAME_MISMATCH"]),
            ("ns.glue", ["IN_BAILIWICK_ADDR_MISMATCH", "OUT_OF_BAILIWICK_ADDR_MISMATCH"]),
            ("ns.ipv6", ["NO_IPV6_NS_DEL", "NO_IPV6_NS_CHILD"]),
        ]

        /// Where the two disagree on the lab, and who is right.
        static let explained: [String: String] = [
            "lame.test ns.delegation": """
                Zonemaster reports the parent's NS names as missing at the child (EXTRA_NAME_PARENT) because the child's only \
                server refuses the zone. mailaudit compares the NS sets only where the zone's servers answered, and reports the \
                cause instead (ns.lame). Both see the fault; mailaudit names it once.
                """,
            "dead.test ns.delegation": """
                As lame.test: the child's only server does not answer, Zonemaster reports EXTRA_NAME_PARENT, mailaudit the cause \
                (ns.unreachable).
                """,
        ]

        /// The tags Zonemaster logs at NOTICE or above for `zone`, by test case line:
        /// "   0.04 WARNING   DELEGATION04   IS_NOT_AUTHORITATIVE   ns=ns1.test/127.77.0.53; proto=UDP".
        static func zonemaster(_ zone: String, hints: String) async throws -> Set<String> {
            let run = await Run.program(["/usr/bin/zonemaster-cli", zone, "--hints", hints, "--no-ipv6", "--raw", "--level", "NOTICE",
                                         "--show-testcase", "--no-progress", "--test", "Basic", "--test", "Delegation", "--test", "Nameserver",
                                         "--test", "Zone", "--test", "Consistency", "--test", "Connectivity/connectivity01",
                                         "--test", "Connectivity/connectivity02"], timeout: 300)
            try #require(run.status == 0, "zonemaster-cli \(zone) exited \(run.status): \(run.stderr.suffix(500))")
            var tags: Set<String> = []
            var silentUDP: Set<String> = []
            var tcpTags: [(String, String)] = []
            for line in run.stdout.split(separator: "\n") {
                let tokens = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                guard tokens.count >= 4, ["NOTICE", "WARNING", "ERROR", "CRITICAL"].contains(tokens[1]) else { continue }
                let tag = tokens[3]
                let server = tokens.dropFirst(4).first { $0.hasPrefix("ns=") }.map { String($0.dropFirst(3).split(separator: ";")[0]) } ?? ""
                if tag.hasPrefix("CN01_") { silentUDP.insert(server) }
                // A TCP problem counts only for a server whose UDP answers were right (mailaudit's
                // ns.tcp judges TCP beside a working UDP; a server wrong on both is lame or unreachable).
                if tag.hasPrefix("CN02_") { tcpTags.append((tag, server)) } else { tags.insert(tag) }
            }
            for (tag, server) in tcpTags where !silentUDP.contains(server) { tags.insert(tag) }
            return tags
        }

        /// mailaudit's rules that did not pass for `zone` itself (its messages name the zone).
        static func mailaudit(_ zone: String) async throws -> Set<String> {
            let run = await Binary.run(["audit", zone, "--resolver", Lab.resolver, "--no-smtp", "--ns-checks", "--format", "json"])
            let root = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
            let domain = (root["domains"] as? [[String: Any]])?.first
            let collection = (domain?["facts"] as? [String: Any])?["collection"] as? [String: Any]
            // A resolver slow to give up on dead.test's silent server once stopped the audit as
            // "the resolver did not answer": a missing finding must not pass for a disagreement.
            try #require(collection?["failure"] == nil, "mailaudit could not audit \(zone): \(collection?["error"] ?? "")")
            let findings = domain?["findings"] as? [[String: Any]] ?? []
            var rules: Set<String> = []
            for finding in findings {
                guard let id = finding["ruleID"] as? String, id.hasPrefix("ns."),
                      ["info", "warn", "fail"].contains(finding["outcome"] as? String ?? ""),
                      let message = finding["message"] as? String else { continue }
                // The zone's own findings, not those of its MX hosts' zone (good.test for most).
                let words = message.split(whereSeparator: { " ,:;()".contains($0) }).map(String.init)
                if words.contains(zone) || finding["subject"] as? String == zone { rules.insert(id) }
            }
            return rules
        }

        @Test("lame, unreachable, TCP, count, unresolved names, AXFR, recursion, EDNS, serials, SOA timers, delegation, glue, IPv6: mailaudit and zonemaster-cli on eight lab zones",
              .tags(.lab))
        func agrees() async throws {
            try await Lab.start()
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/zonemaster-cli") else {
                Issue.record("zonemaster-cli is not installed (scripts/setup.sh --lab installs it)")
                return
            }
            let hints = Lab.stateDirectory + "/root.hints"
            var agreed = 0, compared = 0
            var differences: [String] = [], unexplained: [String] = []
            for zone in Self.zones {
                async let theirs = Self.zonemaster(zone, hints: hints)
                async let ours = Self.mailaudit(zone)
                let (reference, found) = (try await theirs, try await ours)
                for check in Self.checks {
                    compared += 1
                    let zonemasterSees = !check.tags.isDisjoint(with: reference)
                    let mailauditSees = found.contains(check.rule)
                    if zonemasterSees == mailauditSees { agreed += 1; continue }
                    let key = "\(zone) \(check.rule)"
                    let text = "\(key): mailaudit \(mailauditSees ? "reports it" : "does not"), zonemaster-cli \(zonemasterSees ? "reports it (\(check.tags.intersection(reference).sorted().joined(separator: ", ")))" : "does not")"
                    differences.append(text)
                    if Self.explained[key] == nil { unexplained.append(text) }
                }
            }
            print("zonemaster-cli conformance: mailaudit agrees with zonemaster-cli on \(agreed) of \(compared) verdicts (\(Self.zones.count) zones × \(Self.checks.count) checks)")
            for difference in differences {
                let key = difference.split(separator: ":")[0]
                print("  differs: \(difference)\n    why: \(Self.explained[String(key)] ?? "NOT EXPLAINED")")
            }
            #expect(unexplained.isEmpty, "differences no one explained: \(unexplained)")
            #expect(compared == Self.zones.count * Self.checks.count)
            // An explanation whose difference went away is stale: the list says what differs now.
            let keys = Set(differences.map { String($0.split(separator: ":")[0]) })
            #expect(keys == Set(Self.explained.keys), "explained but no longer different: \(Set(Self.explained.keys).subtracting(keys).sorted())")
        }
    }
}
