import Foundation
import LabSupport
import Testing

/// The DNS beneath the mail, on the lab: what `_domainkey` says when no selector is named
/// (RFC 8020), and (below) the name servers of the domain and of its MX hosts.
@Suite("The DNS beneath the mail (lab)")
struct MailDNSTests {
    /// One domain's entry of `audit --format json` (DNS only): its facts, rule id → outcomes
    /// and rule id → message, and the exit status.
    static func audit(_ domain: String, extra: [String] = []) async throws
        -> (exit: Int32, facts: [String: Any], outcomes: [String: Set<String>], messages: [String: [String]]) {
        let result = await Binary.run(["audit", domain, "--resolver", Lab.resolver, "--format", "json", "--no-smtp"] + extra)
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
}
