import Foundation

/// Real facts and findings for tests that need them (the history's round trips, drift): a
/// fresh audit of lab domains by the mailaudit binary, probes and DNSSEC validation on, made
/// once per test process for each list of domains. Never a saved report: one saved before a
/// feature existed would test the store with facts the tool no longer writes.
public enum LabAudit {
    private actor Cache {
        var reports: [[String]: Data] = [:]
        func report(_ domains: [String]) async throws -> Data {
            if let data = reports[domains] { return data }
            try await Lab.start()
            // A collection cut short (the lab busy with the tests beside it) would hand every
            // test that uses these facts a partial domain: asked again once, else an error.
            var problem = ""
            for _ in 0..<2 {
                let run = await Binary.run(["audit"] + domains + ["--resolver", Lab.resolver, "--ca-file", Lab.caFile, "--format", "json"],
                                           timeout: 120)
                let root = (try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8))) as? [String: Any]
                let partial = (root?["domains"] as? [[String: Any]] ?? []).filter { entry in
                    let collection = (entry["facts"] as? [String: Any])?["collection"] as? [String: Any]
                    return collection?["complete"] as? Bool != true || collection?["error"] != nil
                }.compactMap { $0["domain"] as? String }
                if root != nil, partial.isEmpty {
                    reports[domains] = Data(run.stdout.utf8)
                    return reports[domains]!
                }
                problem = root == nil ? "no report: \(run.stderr)" : "not collected in full: \(partial.joined(separator: ", "))"
            }
            throw Lab.StartError(description: "the lab audit of \(domains.joined(separator: " ")): \(problem)")
        }
    }
    private static let cache = Cache()

    /// The domains that cover most of the facts: signed and validated, DANE, bogus, unsigned,
    /// no MX, an expired certificate, DMARC with external reports, an MTA-STS policy.
    public static let variedDomains = ["good.test", "dane.test", "bogus.test", "unsigned.test", "nomx.test", "expired.tls.test",
                                       "dmarc.test", "uncovered.sts.test"]

    /// The JSON report (`audit --format json`) of `domains`.
    public static func report(_ domains: [String] = variedDomains) async throws -> Data {
        try await cache.report(domains)
    }

    /// Each domain's entry of the report (facts and findings as JSON), in the order given.
    public static func entries(_ domains: [String] = variedDomains) async throws -> [Data] {
        let root = try JSONSerialization.jsonObject(with: try await report(domains)) as? [String: Any] ?? [:]
        return try (root["domains"] as? [[String: Any]] ?? []).map { try JSONSerialization.data(withJSONObject: $0) }
    }
}
