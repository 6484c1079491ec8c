import Foundation
import LabServers
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
        // The rules of each server (smtp.probed, REQUIRETLS and not-probed-here are the domain's).
        let serverRules = outcomes.filter { $0.key.hasPrefix("smtp.") && !["smtp.probed", "smtp.requiretls-missing", "smtp.not-probed-here"].contains($0.key) }
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

    @Test("--relay-test: the open relay (Postfix, mynetworks 0.0.0.0/0) fails with the attempts; no other lab server fails; never DATA", .tags(.lab))
    func relay() async throws {
        try await Lab.start()
        let (_, relay, messages) = try await Self.audit("relay.tls.test", extra: ["--relay-test"])
        #expect(relay["smtp.open-relay"] == ["fail"], "\(relay)")
        #expect(messages["smtp.open-relay"]?.contains("plain") == true && messages["smtp.open-relay"]?.contains("percent-hack") == true)
        // The same server answers VRFY (252 for postmaster, 550 for a name that does not exist)
        // and names its version in the greeting.
        #expect(relay["smtp.vrfy-expn"] == ["warn"] && relay["smtp.software-named"] == ["info"], "\(relay)")
        // Every other Postfix of the lab refuses relaying (the slow one greets after 6 s and is
        // left out for time).
        for domain in ["good.test", "expired.tls.test", "selfsigned.tls.test", "wrongname.tls.test", "nostarttls.tls.test", "authplain.tls.test",
                       "oldtls.tls.test", "soon.tls.test", "nopostmaster.tls.test", "order.tls.test"] {
            let (_, outcomes, _) = try await Self.audit(domain, extra: ["--relay-test"])
            #expect(outcomes["smtp.open-relay"]?.contains("pass") == true && outcomes["smtp.open-relay"]?.contains("fail") != true, "\(domain): \(outcomes)")
        }
        // Without the option, not tested, and nothing sent to a foreign domain.
        let (_, plain, _) = try await Self.audit("relay.tls.test")
        #expect(plain["smtp.open-relay"] == ["n/a"], "\(plain)")
        // A fake that accepts every recipient: relaying found, every RCPT followed by RSET, never DATA.
        let server = try FakeSMTPServer(mode: "normal", address: Lab.address(38))
        defer { server.stop() }
        let (_, fake, _) = try await Self.audit("injection.tls.test", extra: ["--relay-test"])
        #expect(fake["smtp.open-relay"] == ["fail"], "\(fake)")
        let received = server.received.map { $0.uppercased() }
        // Every form was tried: nine recipients outside the audited domain's own mailboxes
        // (example.net, relay.invalid, routed through the domain), the control at the domain.
        #expect(received.filter { $0.hasPrefix("RCPT TO:") && ($0.contains("EXAMPLE.NET") || $0.contains("RELAY.INVALID")) }.count == 9, "\(received)")
        #expect(!received.contains { $0.hasPrefix("DATA") || $0.hasPrefix("BDAT") }, "no DATA was ever sent: \(received)")
        #expect(received.filter { $0.hasPrefix("RCPT TO:") }.allSatisfy { line in
            ["EXAMPLE.NET", "RELAY.INVALID", "@INJECTION.TLS.TEST"].contains { line.contains($0) } }, "reserved domains only (and the audited one)")
        #expect(received.filter { $0.hasPrefix("MAIL FROM:") }.allSatisfy { $0 == "MAIL FROM:<>" || $0.hasSuffix("@EXAMPLE.COM>") }, "senders at reserved domains only")
    }

    @Test("postmaster@, VRFY/EXPN, the null sender, the greeting's version, SMTPUTF8, CAA and the TLSA rollover: judged on the lab", .tags(.lab))
    func mailboxes() async throws {
        try await Lab.start()
        let (_, refusing, messages) = try await Self.audit("nopostmaster.tls.test")
        #expect(refusing["smtp.postmaster-rejected"] == ["fail"], "\(refusing)")
        #expect(messages["smtp.postmaster-rejected"]?.contains("no postmaster here") == true)
        let (_, good, _) = try await Self.audit("good.test")
        // good.test also has a TLSA rollover pair (3 1 1 + 2 1 1) and CAA at its apex, found by the
        // tree walk from mx1/mx2.good.test (RFC 8659 §3).
        for rule in ["smtp.postmaster-rejected", "smtp.null-sender-refused", "smtp.vrfy-expn", "smtp.software-named", "smtp.smtputf8-missing",
                     "smtp.name-not-ptr", "dane.rollover", "mx.caa-missing"] {
            #expect(good[rule] == ["pass"], "good.test: \(rule) gave \(good[rule] ?? [])")
        }
        // mx.expired.tls.test greets with its own name; its address's PTR names other-name.unsigned.test.
        let (_, expired, _) = try await Self.audit("expired.tls.test")
        #expect(expired["smtp.name-not-ptr"] == ["info"], "\(expired)")
    }
}

extension ServerFaultTests {
    @Test("no route to an IPv6 address (a network namespace of the test's own, with only loopback): 'no route', never unreachable or a failure")
    func noRoute() async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else {
            Issue.record("unshare (util-linux) is needed to make a namespace without IPv6 routes")
            return
        }
        // A new network namespace has a loopback interface and no route anywhere else: the
        // connection to 2001:db8::25 (RFC 3849, documentation) fails before a packet is sent.
        let run = await Run.program(["/usr/bin/unshare", "--net", "--", Binary.path, "smtp", "2001:db8::25"], timeout: 30)
        #expect(run.stdout.contains("connect failed (no-route)") && run.stdout.contains("this machine has no route to 2001:db8::25"), "\(run.stdout) \(run.stderr)")
        #expect(!run.stdout.contains("FAIL "), "\(run.stdout)")
    }
}
