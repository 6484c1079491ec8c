import Foundation
#if canImport(Glibc)
import Glibc
#endif
import LabSupport
import MailRecords
import MailFacts
import Testing
@testable import SMTPProbe

/// The plain SMTP dialogue against loopback peers, including hostile ones: each ends
/// within its deadline with the step and kind of what went wrong.
@Suite("SMTP session: greeting, EHLO, QUIT, and hostile peers")
struct SMTPSessionTests {
    static let quick = SMTPProbeConfiguration(connectTimeout: 2, greetingTimeout: 3, commandTimeout: 3, ehloName: "probe.mailaudit.test")

    @Test("a well-behaved server: greeting, EHLO extensions, QUIT, and the transcript")
    func dialogue() async throws {
        let server = try FakeTCPServer { fd in
            FakeTCPServer.write(fd, "220 mx.example.test ESMTP\r\n")
            guard let ehlo = FakeTCPServer.readLine(fd), ehlo == "EHLO probe.mailaudit.test" else { return }
            FakeTCPServer.write(fd, "250-mx.example.test Hello\r\n250-SIZE 52428800\r\n250-STARTTLS\r\n250 AUTH PLAIN\r\n")
            _ = FakeTCPServer.readLine(fd)
            FakeTCPServer.write(fd, "221 2.0.0 Bye\r\n")
        }
        defer { server.stop() }
        let result = await ThreadSMTPProber().session(address: server.address, port: server.port, configuration: Self.quick)
        #expect(result.failure == nil, "\(String(describing: result.failure))")
        #expect(result.greeting?.code == 220 && result.connectSeconds != nil)
        #expect(result.ehlo?.domain == "mx.example.test" && result.ehlo?.has("STARTTLS") == true && result.ehlo?.sizeLimit == 52_428_800)
        #expect(result.transcript.filter { $0.direction != .note }.map(\.rendered) == [
            "<- 220 mx.example.test ESMTP", "-> EHLO probe.mailaudit.test", "<- 250-mx.example.test Hello", "<- 250-SIZE 52428800",
            "<- 250-STARTTLS", "<- 250 AUTH PLAIN", "-> QUIT", "<- 221 2.0.0 Bye",
        ])
    }

    @Test("hostile and broken peers end at the right step with the right kind", arguments: [
        ("never answers", SMTPStep.greeting, SMTPFailureKind.timeout),
        ("garbage", .greeting, .garbage),
        ("endless reply", .greeting, .garbage),
        ("closes at once", .greeting, .closed),
        ("rejects", .greeting, .rejected),
        ("EHLO never answered", .ehlo, .timeout),
        ("resets", .greeting, .reset),
    ])
    func hostile(name: String, step: SMTPStep, kind: SMTPFailureKind) async throws {
        let server = try FakeTCPServer { fd in
            switch name {
            case "never answers": Thread.sleep(forTimeInterval: 6)
            case "garbage": FakeTCPServer.write(fd, "\u{1}\u{2}GET / HTTP/1.1\r\n")
            case "endless reply":
                for index in 0..<100_000 where FakeTCPServer.write(fd, "220-line \(index)\r\n") {}
            case "rejects": FakeTCPServer.write(fd, "554 5.7.1 No service for you\r\n")
            case "resets":
                // SO_LINGER with a zero timeout: the close sends RST instead of FIN.
                var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
                setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
                Thread.sleep(forTimeInterval: 0.2)
            case "EHLO never answered":
                FakeTCPServer.write(fd, "220 mx.example.test ESMTP\r\n")
                Thread.sleep(forTimeInterval: 6)
            default: break
            }
        }
        defer { server.stop() }
        let began = Date()
        let result = await ThreadSMTPProber().session(address: server.address, port: server.port, configuration: Self.quick)
        #expect(result.failure?.step == step && result.failure?.kind == kind, "\(name): \(String(describing: result.failure))")
        #expect(Date().timeIntervalSince(began) < TestTime.scaled(30), "\(name) ended: a hang bound, with room for a ThreadSanitizer build (10 s there)")
    }

    @Test("nothing listens: refused at once")
    func refused() async throws {
        // The lab's dead address: nothing ever listens there.
        let result = await ThreadSMTPProber().session(address: Lab.deadAddress, port: 25, configuration: Self.quick)
        #expect(result.failure?.step == .connect && result.failure?.kind == .refused)
    }
}

/// The plain dialogue with the lab's real Postfix listeners.
@Suite("SMTP session against the lab's Postfix")
struct SMTPPostfixTests {
    @Test("mx1.good.test: greeting with its name, EHLO extensions, QUIT answered", .tags(.lab))
    func postfix() async throws {
        try await Lab.start()
        // Real Postfix beside the whole suite: its greeting once took over 3 s under load, so
        // this test (about content, not speed) waits longer than the fake-peer tests.
        let patient = SMTPProbeConfiguration(connectTimeout: 5, greetingTimeout: 15, commandTimeout: 10, ehloName: "probe.mailaudit.test")
        let result = await ThreadSMTPProber().session(address: "\(Lab.net).25", port: 25, configuration: patient)
        #expect(result.failure == nil, "\(String(describing: result.failure))")
        #expect(result.greeting.flatMap(EHLOResponse.greetingName) == "mx1.good.test")
        let ehlo = try #require(result.ehlo)
        #expect(ehlo.domain == "mx1.good.test")
        for keyword in ["PIPELINING", "SIZE", "ENHANCEDSTATUSCODES", "8BITMIME", "CHUNKING"] {
            #expect(ehlo.has(keyword), "\(keyword) in \(ehlo.extensions.map(\.keyword))")
        }
        #expect(result.transcript.last?.text.hasPrefix("221") == true)
        let other = await ThreadSMTPProber().session(address: "\(Lab.net).26", port: 25, configuration: patient)
        #expect(other.ehlo?.domain == "mx2.good.test")
    }
}

/// AUTH LOGIN (when PLAIN is not offered): user and password go as separate base64 lines;
/// the password line is redacted in the transcript.
@Suite("SMTP session: AUTH LOGIN redaction")
struct AuthLoginTests {
    @Test("AUTH LOGIN over an explicitly plain session: the password line is redacted")
    func login() async throws {
        let password = "Pa55-word-for-LOGIN"
        let server = try FakeTCPServer { fd in
            FakeTCPServer.write(fd, "220 mx.example.test ESMTP\r\n")
            _ = FakeTCPServer.readLine(fd)
            FakeTCPServer.write(fd, "250-mx.example.test\r\n250 AUTH LOGIN\r\n")
            guard FakeTCPServer.readLine(fd) == "AUTH LOGIN" else { return }
            FakeTCPServer.write(fd, "334 VXNlcm5hbWU6\r\n")
            _ = FakeTCPServer.readLine(fd)
            FakeTCPServer.write(fd, "334 UGFzc3dvcmQ6\r\n")
            guard FakeTCPServer.readLine(fd) == Data(password.utf8).base64EncodedString() else { return }
            FakeTCPServer.write(fd, "235 2.7.0 ok\r\n")
            _ = FakeTCPServer.readLine(fd)
            FakeTCPServer.write(fd, "221 bye\r\n")
        }
        defer { server.stop() }
        var configuration = SMTPSessionTests.quick
        configuration.tlsMode = .none
        configuration.credentials = SMTPCredentials(user: "someone", password: password)
        let result = await ThreadSMTPProber().session(address: server.address, port: server.port, configuration: configuration)
        #expect(result.failure == nil && result.authReply?.code == 235, "\(String(describing: result.failure))")
        let text = result.transcript.map(\.rendered).joined(separator: "\n")
        #expect(text.contains("-> ******** (redacted)") && !text.contains(password) && !text.contains(Data(password.utf8).base64EncodedString()))
    }
}
