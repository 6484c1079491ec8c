import Foundation
import LabSupport
import Testing

/// Servers at fault in ways no configuration of the lab's Postfix gives, from
/// Tests/lab/fake-smtp.py: a busy server is judged "could not be tested now", never
/// unreachable or without STARTTLS; a server open to STARTTLS command injection fails.
@Suite("Busy and injectable servers (fake-smtp.py on the lab)", .serialized)
struct ServerFaultTests {
    /// The JSON findings of an audit of `domain`: rule id → outcomes, and the exit status.
    static func audit(_ domain: String, extra: [String] = []) async throws -> (exit: Int32, outcomes: [String: Set<String>], messages: [String: String]) {
        let result = await Binary.run(["audit", domain, "--resolver", Lab.resolver, "--format", "json", "--ca-file", Lab.caFile] + extra)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stderr)")
        let report = try #require((root["domains"] as? [[String: Any]])?.first)
        var outcomes: [String: Set<String>] = [:]
        var messages: [String: String] = [:]
        for finding in report["findings"] as? [[String: Any]] ?? [] {
            let id = finding["ruleID"] as? String ?? "?"
            outcomes[id, default: []].insert(finding["outcome"] as? String ?? "?")
            messages[id] = finding["message"] as? String
        }
        return (result.status, outcomes, messages)
    }

    @Test("a 421 greeting and a 450 to EHLO: every server rule is error (busy, try later), none says unreachable or no STARTTLS", .tags(.lab),
          arguments: [("busy", "busy.tls.test", 36), ("ehlo-busy", "greylist.tls.test", 37)])
    func busy(mode: String, domain: String, host: Int) async throws {
        try await Lab.start()
        let server = try FakeSMTPServer(mode: mode, address: Lab.address(host))
        defer { server.stop() }
        let began = Date()
        let (_, outcomes, messages) = try await Self.audit(domain)
        let serverRules = outcomes.filter { $0.key.hasPrefix("smtp.") && $0.key != "smtp.probed" }
        #expect(!serverRules.isEmpty)
        for (rule, seen) in serverRules {
            #expect(seen == ["error"], "\(mode): \(rule) gave \(seen)")
        }
        #expect(messages["smtp.starttls-missing"]?.contains("busy") == true && messages["smtp.starttls-missing"]?.contains("try later") == true,
                "\(messages["smtp.starttls-missing"] ?? "")")
        // Asked twice: the fake saw two connections' greetings answered (two EHLOs for the greylister).
        if mode == "ehlo-busy" { #expect(server.received.filter { $0.hasPrefix("EHLO") }.count == 2, "\(server.received)") }
        #expect(messages["smtp.unreachable"]?.contains("asked twice") == true, "\(messages["smtp.unreachable"] ?? "")")
        #expect(Date().timeIntervalSince(began) < TestTime.scaled(30))
    }

    @Test("busy only at first: the second attempt, after the pause, is judged as any dialogue", .tags(.lab))
    func busyOnce() async throws {
        try await Lab.start()
        let server = try FakeSMTPServer(mode: "busy-once", address: Lab.address(36))
        defer { server.stop() }
        let (_, outcomes, _) = try await Self.audit("busy.tls.test")
        #expect(outcomes["smtp.starttls-missing"] == ["pass"] && outcomes["smtp.tls-failed"] == ["pass"], "\(outcomes)")
        #expect(!outcomes.values.contains { $0.contains("error") }, "\(outcomes)")
    }

    @Test("the smtp command on a busy server: UNKNOWN (exit 3), its errors shown once", .tags(.lab))
    func smtpCommand() async throws {
        try await Lab.start()
        let server = try FakeSMTPServer(mode: "busy", address: Lab.address(36))
        defer { server.stop() }
        let result = await Binary.run(["smtp", "mx.busy.tls.test", "--resolver", Lab.resolver, "--ca-file", Lab.caFile])
        #expect(result.status == 3, "\(result.stdout)")
        #expect(result.stdout.contains("checks could not judge") && result.stdout.contains("the server was busy"), "\(result.stdout)")
        #expect(!result.stdout.contains("FAIL"))
    }

    @Test("STARTTLS command injection: the vulnerable fake fails with the transcript; the lab's Postfix passes", .tags(.lab))
    func injection() async throws {
        try await Lab.start()
        let server = try FakeSMTPServer(mode: "injection", address: Lab.address(38))
        defer { server.stop() }
        let (_, outcomes, messages) = try await Self.audit("injection.tls.test")
        #expect(outcomes["smtp.starttls-injection"] == ["fail"], "\(outcomes)")
        #expect(messages["smtp.starttls-injection"]?.contains("answered the NOOP") == true)
        #expect(server.received.contains("NOOP") && !server.received.contains { $0.uppercased().hasPrefix("DATA") })
        let (_, good, _) = try await Self.audit("good.test")
        // 587 is tested; 465 (implicit TLS) has no STARTTLS to inject into: n/a.
        #expect(good["smtp.starttls-injection"] == ["pass"] && good["submission.starttls-injection"] == ["pass", "n/a"], "\(good)")
    }
}
