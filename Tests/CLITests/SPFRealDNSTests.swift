import Foundation
import LabSupport
import Testing

extension ProgramTests {
    /// The RFC 7208 suite again, but each scenario's zonedata served by a real NSD and asked
    /// through `mailaudit spf`: what the in-process zone resolver cannot show (names a DNS
    /// server holds, wire encoding, the DNS client's own checks, the command's handling of
    /// HELO identities).
    @Suite("SPF: RFC 7208 conformance suite through a real NSD and mailaudit spf")
    struct SPFRealDNSTests {
        struct Case: Sendable {
            var scenario: Int, name: String, helo: String, host: String, mailfrom: String, results: [String]
        }

        /// Zone data in the suite driver's meaning (as the in-process ZoneDataResolver reads
        /// it): SPF records are served as TXT unless the name has TXT data, `TXT: NONE` only
        /// blocks that copy, a list is one record of several strings, MX is [preference, host].
        static func zone(_ zonedata: [String: Any]) -> (names: [String: [ScenarioNSD.Record]], timeouts: Set<String>) {
            var names: [String: [ScenarioNSD.Record]] = [:], timeouts: Set<String> = []
            func strings(_ data: Any) -> [[UInt8]] {
                if let text = data as? String { return [Array(text.utf8)] }
                return (data as? [Any] ?? []).map { Array(($0 as? String ?? "").utf8) }
            }
            for (name, value) in zonedata {
                var records: [ScenarioNSD.Record] = [], spf: [[[UInt8]]] = [], txt: [[[UInt8]]] = [], blocked = false
                for entry in value as? [Any] ?? [] {
                    if entry as? String == "TIMEOUT" { timeouts.insert(name); continue }
                    for (type, data) in entry as? [String: Any] ?? [:] {
                        switch type {
                        case "SPF": spf.append(strings(data))
                        case "TXT": if data as? String == "NONE" { blocked = true } else { txt.append(strings(data)) }
                        case "A": records.append(.a(data as? String ?? ""))
                        case "AAAA": records.append(.aaaa(data as? String ?? ""))
                        case "PTR": records.append(.ptr(data as? String ?? ""))
                        case "CNAME": records.append(.cname(data as? String ?? ""))
                        case "MX":
                            if let pair = data as? [Any], pair.count == 2 { records.append(.mx(pair[0] as? Int ?? 0, pair[1] as? String ?? "")) }
                        default: break
                        }
                    }
                }
                records += (txt.isEmpty && !blocked ? spf : txt).map { .txt($0) }
                names[name] = records
            }
            return (names, timeouts)
        }

        @Test("every scenario through NSD gives the suite's result", .tags(.lab))
        func suite() async throws {
            try await Lab.skipUnlessExpected()
            let url = Lab.packageRoot.appendingPathComponent("Tests/conformance/spf/rfc7208-tests.json")
            let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
            let scenarios = try #require(root["scenarios"] as? [[String: Any]])
            let base = FileManager.default.temporaryDirectory.appendingPathComponent("mailaudit-spf-nsd-\(getpid())")
            defer { try? FileManager.default.removeItem(at: base) }

            var passed = 0, total = 0, skippedNames: [String] = []
            var failures: [String] = []
            for (index, scenario) in scenarios.enumerated() {
                let (names, timeouts) = Self.zone(scenario["zonedata"] as? [String: Any] ?? [:])
                let nsd = try ScenarioNSD(address: Lab.address(101 + index), names: names, timeouts: timeouts,
                                          folder: base.appendingPathComponent("s\(index)"))
                defer { nsd.stop() }
                skippedNames += nsd.skipped
                let tests = (scenario["tests"] as? [String: [String: Any]] ?? [:]).sorted { $0.key < $1.key }
                for (name, test) in tests {
                    total += 1
                    let helo = test["helo"] as? String ?? "", host = test["host"] as? String ?? ""
                    let mailfrom = test["mailfrom"] as? String ?? ""
                    let expected = (test["result"] as? [String]) ?? [(test["result"] as? String) ?? "?"]
                    // check_host() evaluates the MAIL FROM domain, or the HELO name without one.
                    var domain = helo
                    if !mailfrom.isEmpty { domain = mailfrom.lastIndex(of: "@").map { String(mailfrom[mailfrom.index(after: $0)...]) } ?? mailfrom }
                    let run = await Binary.run(["spf", domain, "--ip", host, "--sender", mailfrom, "--helo", helo,
                                                "--resolver", nsd.resolver, "--json", "--timeout", "1", "--retries", "0"], timeout: 30)
                    let json = (try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8))) as? [String: Any]
                    let got = json?["result"] as? String
                    if run.status == 0, let got, expected.contains(got) {
                        passed += 1
                    } else {
                        failures.append("\(name): expected \(expected.joined(separator: "|")), got \(got ?? "exit \(run.status): \(run.stderr.prefix(200))") (\(json?["reason"] as? String ?? ""))")
                    }
                }
            }
            print("conformance: SPF through NSD: \(passed)/\(total) passed\(skippedNames.isEmpty ? "" : "; names DNS cannot hold, left out: \(skippedNames.count)")")
            for failure in failures { print("conformance: SPF through NSD: \(failure)") }
            for name in skippedNames { print("conformance: SPF through NSD: left out \(name)") }
            #expect(total == 203)
            #expect(failures.isEmpty)
        }
    }
}
