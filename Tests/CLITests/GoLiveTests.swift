import Foundation
import LabSupport
import Testing

extension ProgramTests {
    /// A domain audited before it goes live: asked of the servers it will be delegated to
    /// (`--ns`, golive.test is served by ns2.test but not delegated), or read from its zone file
    /// (`--zone-file`). The three ways of auditing one zone agree, except where a finding
    /// depends on the delegation, and those say so.
    @Suite("Go-live: --ns and --zone-file (lab)")
    struct GoLiveTests {
        /// rule id + subject → outcome ("n/a*" for not tested), the not-tested messages, the
        /// source fact and the text report's first lines.
        static func audit(_ domain: String, _ extra: [String]) async throws
            -> (exit: Int32, outcomes: [String: String], notTested: [String: String], source: [String: Any]?) {
            let run = await Binary.run(["audit", domain, "--resolver", Lab.resolver, "--no-smtp", "--ns-checks", "--format", "json"] + extra)
            let root = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
            let report = try #require((root["domains"] as? [[String: Any]])?.first)
            var outcomes: [String: String] = [:]
            var notTested: [String: String] = [:]
            for finding in report["findings"] as? [[String: Any]] ?? [] {
                let key = "\(finding["ruleID"] as? String ?? "?") · \(finding["subject"] as? String ?? "")"
                let untested = finding["notTested"] as? Bool == true
                outcomes[key] = (finding["outcome"] as? String ?? "?") + (untested ? "*" : "")
                if untested { notTested[key] = finding["message"] as? String ?? "" }
            }
            return (run.status, outcomes, notTested, (report["facts"] as? [String: Any])?["source"] as? [String: Any])
        }

        @Test("golive.test before delegation: asked of ns2.test with --ns and read from its zone file, the report says so at the top, the DNSSEC chain and the delegation are 'not tested' and say why", .tags(.lab))
        func undelegated() async throws {
            try await Lab.start()
            let zoneFile = Lab.stateDirectory + "/zones/golive.test.zone"
            let pinned = try await Self.audit("golive.test", ["--ns", "ns2.test"])
            let file = try await Self.audit("golive.test", ["--zone-file", zoneFile])
            // Through the resolver, golive.test does not exist (it is not delegated).
            let plain = try await Self.audit("golive.test", [])
            #expect(plain.outcomes["domain.exists · golive.test"] == "fail", "\(plain.outcomes.filter { $0.value != "pass" && $0.value != "n/a" })")

            #expect(pinned.source?["kind"] as? String == "undelegated" && (pinned.source?["servers"] as? [String]) == ["ns2.test [\(Lab.address(52))]"])
            #expect(file.source?["kind"] as? String == "zone-file" && file.source?["file"] as? String == zoneFile)
            for run in [pinned, file] {
                #expect(run.outcomes["domain.exists · golive.test"] == "pass")
                #expect(run.notTested["dnssec.unsigned · golive.test"]?.contains("cannot be validated until the parent publishes its DS") == true,
                        "\(run.notTested)")
            }
            #expect(pinned.notTested["ns.delegation · golive.test"]?.contains("the parent does not delegate golive.test yet") == true, "\(pinned.notTested)")
            // Its own servers were asked: both of its NS answer with authority.
            #expect(pinned.outcomes["ns.lame · ns2.test [\(Lab.address(52))]"] == "pass" && pinned.outcomes["ns.lame · ns4.test [\(Lab.address(57))]"] == "pass")
            // From the file, no server is asked: no name-server finding at all for golive.test.
            #expect(!file.outcomes.keys.contains { $0.hasPrefix("ns.") && $0.hasSuffix("golive.test") }, "\(file.outcomes.keys.filter { $0.hasPrefix("ns.") })")
            // Everything else is the same, whichever way the records were read.
            // (From a file no name server is asked, not even the MX hosts' zone's: ns.* left out.)
            let same = Self.comparable(pinned.outcomes, excluding: pinned.notTested).filter { !$0.key.hasPrefix("ns.") }
            let fromFile = Self.comparable(file.outcomes, excluding: file.notTested).filter { !$0.key.hasPrefix("ns.") }
            #expect(same == fromFile, "differ: \(Set(same.map { "\($0.key)=\($0.value)" }).symmetricDifference(fromFile.map { "\($0.key)=\($0.value)" }).sorted())")

            // The text report says it first.
            let text = await Binary.run(["audit", "golive.test", "--resolver", Lab.resolver, "--no-smtp", "--ns", "ns2.test"])
            let lines = text.stdout.split(separator: "\n")
            #expect(lines.count > 1 && lines[1].contains("NOT YET DELEGATED: golive.test is not yet delegated to ns2.test"), "\(lines.prefix(3))")
        }

        @Test("unsigned.test audited three ways (delegated, --ns ns2.test, --zone-file): the same findings but those that depend on the delegation, which say so", .tags(.lab))
        func threeWays() async throws {
            try await Lab.start()
            let delegated = try await Self.audit("unsigned.test", [])
            let pinned = try await Self.audit("unsigned.test", ["--ns", "ns2.test=\(Lab.address(52))"])
            let file = try await Self.audit("unsigned.test", ["--zone-file", Lab.stateDirectory + "/zones/unsigned.test.zone"])
            // Not tested before go-live only (the checks --no-smtp leaves out are not tested in all three).
            let dependent = Set(pinned.notTested.keys).union(file.notTested.keys).subtracting(delegated.notTested.keys)
            #expect(dependent.contains("dnssec.unsigned · unsigned.test"), "\(dependent.sorted())")
            for key in dependent {
                let message = pinned.notTested[key] ?? file.notTested[key] ?? ""
                #expect(message.contains("not delegated yet") || message.contains("read from a zone file") || message.contains("does not delegate"), "\(key): \(message)")
            }
            let reference = Self.comparable(delegated.outcomes, excluding: pinned.notTested.merging(file.notTested) { a, _ in a })
            for (name, run) in [("--ns", pinned), ("--zone-file", file)] {
                var ours = Self.comparable(run.outcomes, excluding: pinned.notTested.merging(file.notTested) { a, _ in a })
                var theirs = reference
                // From a file no name server is asked: its ns.* findings are absent, not different.
                if name == "--zone-file" {
                    theirs = theirs.filter { !$0.key.hasPrefix("ns.") }
                    ours = ours.filter { !$0.key.hasPrefix("ns.") }
                }
                let difference = Set(ours.map { "\($0.key)=\($0.value)" }).symmetricDifference(theirs.map { "\($0.key)=\($0.value)" })
                #expect(difference.isEmpty, "\(name) differs from the delegated audit: \(difference.sorted())")
            }
        }

        /// The outcomes that must agree: every finding but the not-tested ones named.
        static func comparable(_ outcomes: [String: String], excluding: [String: String]) -> [String: String] {
            outcomes.filter { excluding[$0.key] == nil && !$0.value.hasSuffix("*") }
        }
    }
}
