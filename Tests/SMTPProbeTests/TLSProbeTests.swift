import Foundation
import LabSupport
import MailFacts
import MailRecords
import Testing
@testable import SMTPProbe

/// STARTTLS, implicit TLS, certificates, DANE and AUTH against the lab's Postfix listeners,
/// one per TLS case (Tests/lab/lab.sh), and against hostile peers after STARTTLS.
@Suite("SMTP TLS probe against the lab's Postfix")
struct TLSProbeTests {
    /// A probe configuration trusting the lab CA (`trustLab`, after `Lab.start()`), or the
    /// system store for peers that are not the lab's.
    static func configuration(name: String?, mode: SMTPTLSMode = .starttls, version: TLSProtocolVersion? = nil,
                              credentials: SMTPCredentials? = nil, trustLab: Bool = true) throws -> SMTPProbeConfiguration {
        SMTPProbeConfiguration(connectTimeout: 3, greetingTimeout: 10, commandTimeout: 5, deadline: 20, ehloName: "probe.mailaudit.test",
                               tlsMode: mode, tls: try TLSClientContext(caFile: trustLab ? Lab.caFile : nil, version: version),
                               serverName: name, credentials: credentials)
    }

    static func probe(_ host: Int, port: UInt16 = 25, name: String?, mode: SMTPTLSMode = .starttls,
                      version: TLSProtocolVersion? = nil, credentials: SMTPCredentials? = nil) async throws -> SMTPSessionResult {
        try await Lab.start()
        return await ThreadSMTPProber().session(address: Lab.address(host), port: port,
                                       configuration: try configuration(name: name, mode: mode, version: version, credentials: credentials))
    }

    @Test("mx1.good.test: STARTTLS, TLS 1.3, a trusted chain naming the exchange, EHLO again inside TLS", .tags(.lab))
    func valid() async throws {
        let result = try await Self.probe(25, name: "mx1.good.test")
        #expect(result.failure == nil, "\(String(describing: result.failure))")
        let tls = try #require(result.tls)
        #expect(tls.error == nil && tls.version == "TLSv1.3" && tls.cipher != nil && tls.group != nil && !tls.implicit)
        #expect(tls.chain.count == 2, "leaf and the lab CA")
        let context = try TLSClientContext(caFile: Lab.caFile)
        let trust = try #require(ChainVerifier.trust(chain: tls.chain, context: context))
        #expect(trust.trusted && trust.code == 0)
        #expect(ChainVerifier.leafNames("mx1.good.test", chain: tls.chain) == true)
        #expect(ChainVerifier.leafNames("mx9.good.test", chain: tls.chain) == false)
        #expect((ChainVerifier.daysToExpiry(chain: tls.chain) ?? 0) > 300)
        let leaf = try #require(X509Certificate(der: tls.chain[0])?.fact)
        #expect(leaf.keyType == "EC" && leaf.keyBits == 256 && leaf.curve == "prime256v1" && leaf.dnsNames.contains("mx2.good.test"))
        #expect(leaf.issuer == "CN=mailaudit lab CA" && !leaf.selfSigned && !leaf.isCA && leaf.sha256.count == 64)
        #expect(result.ehloAfterTLS?.has("STARTTLS") == false, "Postfix offers STARTTLS only once")
        #expect(result.transcript.contains { $0.direction == .sentTLS && $0.text.hasPrefix("EHLO") })
        #expect(result.transcript.contains { $0.direction == .note && $0.text.hasPrefix("TLS started: TLSv1.3") })
        // The system store does not know the lab CA.
        let system = try TLSClientContext(caFile: nil)
        #expect(ChainVerifier.trust(chain: tls.chain, context: system)?.trusted == false)
    }

    @Test("certificate cases are facts about the certificate, never a failed STARTTLS", .tags(.lab), arguments: [
        (27, "mx.expired.tls.test", 10, true),
        (28, "mx.selfsigned.tls.test", 18, true),
        (29, "mx.wrongname.tls.test", 0, false),
        (34, "mx.soon.tls.test", 0, true),
    ])
    func certificates(host: Int, name: String, code: Int, namesHost: Bool) async throws {
        let result = try await Self.probe(host, name: name)
        #expect(result.failure == nil && result.tls?.error == nil, "\(name): \(String(describing: result.failure))")
        let chain = try #require(result.tls?.chain)
        let trust = ChainVerifier.trust(chain: chain, context: try TLSClientContext(caFile: Lab.caFile))
        #expect(trust?.code == code, "\(name): \(String(describing: trust))")
        #expect(ChainVerifier.leafNames(name, chain: chain) == namesHost)
        let days = try #require(ChainVerifier.daysToExpiry(chain: chain))
        switch host {
        case 27: #expect(days < -1000)
        case 34: #expect((3...5).contains(days))
        default: #expect(days > 300)
        }
    }

    @Test("a TLS context makes the process ignore SIGPIPE (OpenSSL writes without MSG_NOSIGNAL)")
    func brokenPipe() throws {
        _ = try TLSClientContext(caFile: nil)
        var current = sigaction()
        sigaction(SIGPIPE, nil, &current)
        #expect(unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self))
    }

    @Test("SNI: the probe sends the exchange name; the wrong-name listener answers mx1.good.test with that certificate (tls_server_sni_maps)", .tags(.lab))
    func sni() async throws {
        let asked = try await Self.probe(29, name: "mx1.good.test")
        let named = try #require(asked.tls?.chain.first.flatMap { X509Certificate(der: $0)?.fact })
        #expect(named.dnsNames.contains("mx1.good.test"), "\(named.dnsNames)")
        let without = try await Self.probe(29, name: nil)
        #expect(without.tls?.chain.first.flatMap { X509Certificate(der: $0)?.fact.dnsNames } == ["mail.elsewhere.invalid"])
    }

    @Test("no STARTTLS offered: no TLS, and that is not a failure of the dialogue", .tags(.lab))
    func noSTARTTLS() async throws {
        let result = try await Self.probe(30, name: "mx.nostarttls.tls.test")
        #expect(result.failure == nil && result.tls == nil && result.ehlo?.has("STARTTLS") == false)
    }

    @Test("AUTH offered in plain text before STARTTLS, and only after it where auth_only is set", .tags(.lab))
    func authBeforeTLS() async throws {
        let plain = try await Self.probe(31, name: "mx.authplain.tls.test")
        #expect(plain.ehlo?.authMechanisms == ["PLAIN", "LOGIN"] && plain.tls?.error == nil)
        let submission = try await Self.probe(25, port: 587, name: "smtp.good.test")
        #expect(submission.ehlo?.authMechanisms == [] && submission.ehloAfterTLS?.authMechanisms == ["PLAIN", "LOGIN"])
    }

    @Test("only TLS 1.0/1.1 with a 1024-bit key: the session shows them; a TLS 1.2-only handshake fails at the handshake", .tags(.lab))
    func oldTLS() async throws {
        let result = try await Self.probe(32, name: "mx.oldtls.tls.test")
        let tls = try #require(result.tls)
        #expect(tls.error == nil && tls.version == "TLSv1.1", "\(String(describing: tls.error))")
        let leaf = try #require(tls.chain.first.flatMap { X509Certificate(der: $0)?.fact })
        #expect(leaf.keyType == "RSA" && leaf.keyBits == 1024)
        let strict = try await Self.probe(32, name: "mx.oldtls.tls.test", version: .tls1_2)
        #expect(strict.failure?.step == .tlsHandshake && strict.failure?.kind == .tlsFailed)
        #expect(strict.tls?.error?.isEmpty == false && strict.greeting?.code == 220)
        let tls10 = try await Self.probe(32, name: "mx.oldtls.tls.test", version: .tls1)
        #expect(tls10.tls?.version == "TLSv1")
    }

    @Test("a greeting delayed by 6 s: the delay to its first byte is measured", .tags(.lab))
    func slowGreeting() async throws {
        let result = try await Self.probe(33, name: "mx.slow.tls.test")
        #expect(result.failure == nil)
        #expect((result.greetingFirstByteSeconds ?? 0) >= 5.5)
    }

    @Test("IPv6: mx1.good.test at ::1", .tags(.lab), .enabled(if: Lab.hasIPv6Loopback, "the machine has no IPv6 loopback (lab.sh then listens on IPv4 only)"))
    func ipv6() async throws {
        try await Lab.start()
        let v6 = await ThreadSMTPProber().session(address: "::1", port: 25, configuration: try Self.configuration(name: "mx1.good.test"))
        #expect(v6.failure == nil && v6.tls?.version == "TLSv1.3", "\(String(describing: v6.failure))")
    }

    @Test("submission: implicit TLS on 465 and STARTTLS on 587 with the lab's SASL account; the password never shows", .tags(.lab))
    func submission() async throws {
        let credentials = SMTPCredentials(user: Lab.saslUser, password: Lab.saslPassword)
        let implicit = try await Self.probe(25, port: 465, name: "smtp.good.test", mode: .implicit, credentials: credentials)
        #expect(implicit.failure == nil && implicit.tls?.implicit == true && implicit.authReply?.code == 235,
                "\(String(describing: implicit.failure))")
        #expect(implicit.transcript.first { $0.text.hasPrefix("220") }?.direction == .receivedTLS)
        let starttls = try await Self.probe(25, port: 587, name: "smtp.good.test", credentials: credentials)
        #expect(starttls.failure == nil && starttls.authReply?.code == 235)
        let wrong = try await Self.probe(25, port: 587, name: "smtp.good.test", credentials: SMTPCredentials(user: Lab.saslUser, password: "wrong"))
        #expect(wrong.failure?.step == .auth && wrong.failure?.kind == .rejected && wrong.authReply?.code == 535)
        let encoded = Data(("\0\(Lab.saslUser)\0\(Lab.saslPassword)").utf8).base64EncodedString()
        for result in [implicit, starttls] {
            let text = result.transcript.map(\.rendered).joined(separator: "\n")
            #expect(!text.contains(Lab.saslPassword) && !text.contains(encoded) && text.contains("AUTH PLAIN ******** (redacted)"))
        }
    }

    @Test("DANE: 3 1 1 matches mx1's key; a wrong 3 1 1 does not; 2 0 1 (the lab CA) matches with name checks; usages 0/1 are unusable", .tags(.lab))
    func dane() async throws {
        let result = try await Self.probe(25, name: "mx1.good.test")
        let chain = try #require(result.tls?.chain)
        let context = try TLSClientContext(caFile: nil)  // DANE needs no PKIX trust
        let zone = try String(contentsOfFile: "\(Lab.stateDirectory)/zones/good.test.zone", encoding: .utf8)
        let hash = try #require(zone.split(separator: "\n").first { $0.hasPrefix("_25._tcp.mx1 TLSA 3 1 1") }?.split(separator: " ").last)
        let ee = ChainVerifier.dane(chain: chain, host: "mx1.good.test", records: [TLSARecordFact(usage: 3, selector: 1, matchingType: 1, data: String(hash))], context: context)
        #expect(ee.status == DANEStatus(rawValue: "match") && ee.matchedDepth == 0)
        // DANE-EE ignores names (RFC 7672 §3.1.1): the same key under any exchange name.
        let otherName = ChainVerifier.dane(chain: chain, host: "bad.example", records: [TLSARecordFact(usage: 3, selector: 1, matchingType: 1, data: String(hash))], context: context)
        #expect(otherName.status == DANEStatus(rawValue: "match"))
        let wrong = ChainVerifier.dane(chain: chain, host: "mx1.good.test", records: [TLSARecordFact(usage: 3, selector: 1, matchingType: 1, data: String(repeating: "0", count: 64))], context: context)
        #expect(wrong.status == DANEStatus(rawValue: "mismatch") && wrong.detail?.isEmpty == false)
        let caHash = try #require(chain.last.flatMap { X509Certificate(der: $0)?.fact.sha256 })
        let ta = ChainVerifier.dane(chain: chain, host: "mx1.good.test", records: [TLSARecordFact(usage: 2, selector: 0, matchingType: 1, data: caHash)], context: context)
        #expect(ta.status == DANEStatus(rawValue: "match") && ta.matchedDepth == 1)
        let taWrongName = ChainVerifier.dane(chain: chain, host: "mx.elsewhere.test", records: [TLSARecordFact(usage: 2, selector: 0, matchingType: 1, data: caHash)], context: context)
        #expect(taWrongName.status == DANEStatus(rawValue: "mismatch"), "DANE-TA checks the name (RFC 7672 §3.2.2)")
        let pkix = ChainVerifier.dane(chain: chain, host: "mx1.good.test", records: [TLSARecordFact(usage: 0, selector: 0, matchingType: 1, data: caHash)], context: context)
        #expect(pkix.status == DANEStatus(rawValue: "no-usable-records") && pkix.unusableRecords.count == 1)
    }

    @Test("hostile after STARTTLS: garbage instead of a handshake, silence, and plain text injected after the 220", arguments: [
        ("garbage", SMTPStep.tlsHandshake, SMTPFailureKind.tlsFailed),
        ("silence", .tlsHandshake, .timeout),
        ("injection", .starttls, .garbage),
        ("plain text after 220", .starttls, .garbage),
        ("closes", .tlsHandshake, .closed),
    ])
    func hostileTLS(name: String, step: SMTPStep, kind: SMTPFailureKind) async throws {
        let server = try FakeTCPServer { fd in
            FakeTCPServer.write(fd, "220 mx.example.test ESMTP\r\n")
            guard FakeTCPServer.readLine(fd)?.hasPrefix("EHLO") == true else { return }
            FakeTCPServer.write(fd, "250-mx.example.test\r\n250 STARTTLS\r\n")
            guard FakeTCPServer.readLine(fd) == "STARTTLS" else { return }
            switch name {
            case "garbage":
                FakeTCPServer.write(fd, "220 ready\r\n")
                guard FakeTCPServer.readSome(fd) != nil else { return }  // the ClientHello
                FakeTCPServer.write(fd, "this is not TLS at all, not a single record of it\r\n")
                Thread.sleep(forTimeInterval: 1)
            case "plain text after 220": FakeTCPServer.write(fd, "220 ready\r\nthis is not TLS\r\n")
            case "silence":
                FakeTCPServer.write(fd, "220 ready\r\n")
                Thread.sleep(forTimeInterval: 6)
            case "injection": FakeTCPServer.write(fd, "220 ready\r\n250 injected\r\n")
            default: FakeTCPServer.write(fd, "220 ready\r\n")
            }
        }
        defer { server.stop() }
        // A peer of the test's own, not the lab: no lab CA (lab.sh may be rewriting it now).
        var configuration = try Self.configuration(name: "mx.example.test", trustLab: false)
        configuration.commandTimeout = 2
        let began = Date()
        let result = await ThreadSMTPProber().session(address: server.address, port: server.port, configuration: configuration)
        // A close while our ClientHello is unread makes the peer's kernel send RST: either is right.
        let kinds: Set<SMTPFailureKind> = kind == .closed ? [.closed, .reset] : [kind]
        #expect(result.failure?.step == step && result.failure.map { kinds.contains($0.kind) } == true, "\(name): \(String(describing: result.failure))")
        #expect(Date().timeIntervalSince(began) < TestTime.scaled(10))
    }

    @Test("a 454 to STARTTLS and a 421 greeting are busy, asked once more after the pause; neither says STARTTLS is refused")
    func busy() async throws {
        let server = try FakeTCPServer { fd in
            FakeTCPServer.write(fd, "220 mx.example.test ESMTP\r\n")
            guard FakeTCPServer.readLine(fd)?.hasPrefix("EHLO") == true else { return }
            FakeTCPServer.write(fd, "250-mx.example.test\r\n250 STARTTLS\r\n")
            guard FakeTCPServer.readLine(fd) == "STARTTLS" else { return }
            FakeTCPServer.write(fd, "454 4.7.0 TLS not available due to temporary reason\r\n")
            _ = FakeTCPServer.readLine(fd)
        }
        defer { server.stop() }
        var configuration = try Self.configuration(name: "mx.example.test", trustLab: false)
        configuration.busyRetryPause = 0.3
        let result = await ThreadSMTPProber().session(address: server.address, port: server.port, configuration: configuration)
        #expect(result.failure?.kind == .busy && result.failure?.step == .starttls && result.attempts == 2, "\(String(describing: result.failure))")
        #expect(result.failure?.detail.contains("asked twice") == true)
        let fact = try #require(result.tlsFact(host: "mx.example.test", context: try TLSClientContext(caFile: nil)))
        #expect(fact.status == .notReached, "a temporary refusal is not 'STARTTLS refused'")

        let refusing = try FakeTCPServer { fd in FakeTCPServer.write(fd, "421 4.3.2 Service shutting down\r\n") }
        defer { refusing.stop() }
        let greeting = await ThreadSMTPProber().session(address: refusing.address, port: refusing.port, configuration: configuration)
        #expect(greeting.failure?.kind == .busy && greeting.failure?.step == .greeting && greeting.attempts == 2)
        // No pause left within the deadline: one attempt only, still busy.
        configuration.deadline = 1
        configuration.busyRetryPause = 5
        let short = await ThreadSMTPProber().session(address: refusing.address, port: refusing.port, configuration: configuration)
        #expect(short.failure?.kind == .busy && short.attempts == 1)
    }
}
