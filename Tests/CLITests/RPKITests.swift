import Foundation
import LabSupport
import Testing

extension ProgramTests {
    /// Route origin validation of MX and name-server addresses from the offline files lab.sh
    /// writes for the lab's addresses ($RUN/rpki): valid, invalid (AS64666 announces a /29 the
    /// VRP gives to AS64500), not found (the next /24, ns5.test), stale, and the name servers'
    /// AS diversity.
    @Suite("RPKI route origin validation, offline (lab)")
    struct RPKITests {
        static var net2: String {
            let parts = Lab.net.split(separator: ".").map(String.init)
            return "\(parts[0]).\(parts[1]).\((Int(parts[2])! + 1) % 256)"
        }

        /// Per domain: rule id · subject → (outcome, message), for the rpki.* rules.
        static func audit(_ domains: [String], vrps: String?, extra: [String] = []) async throws -> (exit: Int32, found: [String: [String: (String, String)]], stderr: String) {
            let rpki = Lab.stateDirectory + "/rpki"
            var arguments = ["audit"] + domains + ["--resolver", Lab.resolver, "--no-smtp", "--ns-checks", "--format", "json", "--route-origins", rpki + "/pfx2as.txt"]
            if let vrps { arguments += ["--rpki-vrps", rpki + "/" + vrps] }
            let run = await Binary.run(arguments + extra)
            let root = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
            var found: [String: [String: (String, String)]] = [:]
            for report in root["domains"] as? [[String: Any]] ?? [] {
                var rules: [String: (String, String)] = [:]
                for finding in report["findings"] as? [[String: Any]] ?? [] where (finding["ruleID"] as? String ?? "").hasPrefix("rpki.") {
                    rules["\(finding["ruleID"] as? String ?? "") · \(finding["subject"] as? String ?? "")"] =
                        (finding["outcome"] as? String ?? "", finding["message"] as? String ?? "")
                }
                found[report["domain"] as? String ?? "?"] = rules
            }
            return (run.status, found, run.stderr)
        }

        @Test("valid, invalid, not found and one-AS name servers, from Routinator's and rpki-client's JSON alike", .tags(.lab), arguments: ["vrps.json", "rpki-client.json"])
        func states(vrps: String) async throws {
            try await Lab.start()
            let run = try await Self.audit(["good.test", "nopostmaster.tls.test", "diverse.test"], vrps: vrps)
            let good = try #require(run.found["good.test"])
            #expect(good["rpki.mx-invalid · mx1.good.test [\(Lab.address(25))]"]?.0 == "pass", "\(good.keys.sorted())")
            #expect(good["rpki.mx-not-found · mx2.good.test [\(Lab.address(26))]"]?.0 == "pass")
            #expect(good["rpki.ns-invalid · ns4.test [\(Lab.address(57))]"]?.0 == "pass")
            #expect(good["rpki.ns-one-as · good.test"]?.0 == "info" && good["rpki.ns-one-as · good.test"]?.1.contains("AS64500") == true, "\(good["rpki.ns-one-as · good.test"] ?? ("", ""))")
            let invalid = try #require(run.found["nopostmaster.tls.test"]?["rpki.mx-invalid · mx.nopostmaster.tls.test [\(Lab.address(40))]"])
            #expect(invalid.0 == "fail" && invalid.1.contains("announced by AS64666") && invalid.1.contains("\(Lab.net).40/29"), "\(invalid)")
            let diverse = try #require(run.found["diverse.test"])
            #expect(diverse["rpki.ns-not-found · ns5.test [\(Self.net2).52]"]?.0 == "info", "\(diverse.filter { $0.value.0 != "pass" && $0.value.0 != "n/a" })")
            #expect(diverse["rpki.ns-one-as · diverse.test"]?.0 == "pass", "ns2.test in AS64500, ns5.test in AS64501")
        }

        @Test("VRPs made 10 days ago: an error, and no verdict on any address; VRPs without routes: a one-line error", .tags(.lab))
        func stale() async throws {
            try await Lab.start()
            let run = try await Self.audit(["nopostmaster.tls.test"], vrps: "vrps-stale.json")
            let found = try #require(run.found["nopostmaster.tls.test"])
            let data = try #require(found["rpki.data · nopostmaster.tls.test"])
            #expect(data.0 == "error" && data.1.contains("hours old") && data.1.contains("more than the 24 hours"), "\(data)")
            #expect(!found.contains { $0.key.hasPrefix("rpki.mx-") && ["fail", "info", "pass"].contains($0.value.0) }, "\(found)")

            let alone = await Binary.run(["audit", "good.test", "--resolver", Lab.resolver, "--no-smtp", "--rpki-vrps", Lab.stateDirectory + "/rpki/vrps.json"])
            #expect(alone.status == 3 && alone.stderr.contains("--rpki-vrps needs --route-origins") && alone.stderr.split(separator: "\n").count == 1, "\(alone.stderr)")
        }
    }
}
