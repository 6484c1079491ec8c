import Foundation
import LabSupport
import Testing

extension ProgramTests {
    /// `mailaudit smtp` against the lab's Postfix: the swaks-style transcript, and the password
    /// never in any output (text, JSON, stderr), in clear or in any base64 form.
    @Suite("mailaudit smtp, run as a program", .serialized)
    struct SMTPCommandTests {
        static let variable = "MAILAUDIT_TEST_PASSWORD"

        /// Every form the password could leak in: clear, AUTH PLAIN's base64, AUTH LOGIN's base64.
        static var secretForms: [String] {
            [Lab.saslPassword,
             Data("\0\(Lab.saslUser)\0\(Lab.saslPassword)".utf8).base64EncodedString(),
             Data(Lab.saslPassword.utf8).base64EncodedString()]
        }

        static func expectNoSecret(_ result: Run.Result, _ label: String) {
            for form in secretForms {
                #expect(!result.stdout.contains(form) && !result.stderr.contains(form), "\(label): the password leaked as \(form)")
            }
        }

        func smtp(_ arguments: [String], password: String? = Lab.saslPassword) async throws -> Run.Result {
            try await Lab.start()
            var environment = ProcessInfo.processInfo.environment
            environment[Self.variable] = password
            let command = [Binary.path, "smtp"] + arguments + ["--resolver", Lab.resolver, "--ca-file", Lab.caFile]
            let settings = environment
            return await withCheckedContinuation { continuation in
                Thread { continuation.resume(returning: Run.command(command, timeout: 60, environment: settings)) }.start()
            }
        }

        @Test("submission on 587 with AUTH and a delivery test: readable transcript, AUTH redacted, exit 0", .tags(.lab))
        func submissionText() async throws {
            let result = try await smtp(["smtp.good.test", "--port", "587", "--auth-user", Lab.saslUser, "--auth-password-env", Self.variable,
                                         "--from", "probe@good.test", "--to", "postmaster@good.test"])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            let lines = result.stdout.split(separator: "\n").map(String.init)
            for expected in ["<- 220 smtp.good.test ESMTP", "-> STARTTLS", "~> AUTH PLAIN ******** (redacted)", "<~ 235 2.7.0 Authentication successful",
                             "~> MAIL FROM:<probe@good.test>", "~> RCPT TO:<postmaster@good.test>", "~> QUIT"] {
                #expect(lines.contains(expected), "missing '\(expected)' in\n\(result.stdout)")
            }
            #expect(lines.contains { $0.hasPrefix("=== TLS started: TLSv1.3") })
            #expect(lines.contains { $0.hasPrefix("TLS:") && $0.contains("TLSv1.3") } && lines.contains { $0.contains("trusted; names smtp.good.test") })
            Self.expectNoSecret(result, "text")
        }

        @Test("implicit TLS on 465, JSON: the same facts as data, and no password anywhere", .tags(.lab))
        func implicitJSON() async throws {
            let result = try await smtp(["smtp.good.test", "--port", "465", "--auth-user", Lab.saslUser, "--auth-password-env", Self.variable, "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            let root = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(root["result"] as? String == "ok" && (root["authentication"] as? String)?.hasPrefix("235") == true)
            let tls = try #require(root["tls"] as? [String: Any])
            #expect(tls["implicit"] as? Bool == true && tls["trusted"] as? Bool == true && tls["namesHost"] as? Bool == true)
            let transcript = try #require(root["transcript"] as? [String])
            #expect(transcript.contains("<~ 220 smtp.good.test ESMTP") && transcript.contains("~> AUTH PLAIN ******** (redacted)"))
            Self.expectNoSecret(result, "json")
        }

        @Test("wrong password: exit 2 with the server's 535; the wrong password is not shown either", .tags(.lab))
        func wrongPassword() async throws {
            let result = try await smtp(["smtp.good.test", "--port", "587", "--auth-user", Lab.saslUser, "--auth-password-env", Self.variable],
                                        password: "Wrong-Secret-1234")
            #expect(result.status == 2 && result.stdout.contains("<~ 535") && result.stdout.contains("dialogue:    auth failed (rejected)"))
            #expect(!result.stdout.contains("Wrong-Secret-1234") && !result.stdout.contains(Data("\0tester\0Wrong-Secret-1234".utf8).base64EncodedString()))
        }

        @Test("no STARTTLS: the credentials are not sent in plain text; bad input exits 3 with one line", .tags(.lab))
        func refusesPlainAuth() async throws {
            let plain = try await smtp(["mx.nostarttls.tls.test", "--port", "587", "--auth-user", Lab.saslUser, "--auth-password-env", Self.variable])
            #expect(plain.status == 2 && plain.stdout.contains("auth failed (not-sent)") && !plain.stdout.contains("-> AUTH"))
            Self.expectNoSecret(plain, "plain")
            let unset = try await smtp(["smtp.good.test", "--port", "587", "--auth-user", Lab.saslUser, "--auth-password-env", "MAILAUDIT_NOT_SET"])
            #expect(unset.status == 3 && unset.stderr.contains("MAILAUDIT_NOT_SET") && unset.stderr.split(separator: "\n").count == 1)
            let nowhere = try await smtp(["nothing.good.test"])
            #expect(nowhere.status == 3 && nowhere.stderr.contains("has no address"))
            let strict = try await smtp(["mx.oldtls.tls.test", "--tls-version", "TLSv1.2"])
            #expect(strict.status == 2 && strict.stdout.contains("tls-handshake failed (tls-failed)") && strict.stdout.contains("TLS:         handshake failed"))
            let badVersion = try await smtp(["mx.oldtls.tls.test", "--tls-version", "SSLv3"])
            #expect(badVersion.status == 3 && badVersion.stderr.contains("'SSLv3'") && badVersion.stderr.contains("--tls-version")
                    && badVersion.stderr.split(separator: "\n").count == 1, "\(badVersion.stderr)")
            let dead = try await smtp([Lab.deadAddress])
            #expect(dead.status == 2 && dead.stdout.contains("connect failed (refused)"))
        }

        @Test("verdicts as audit judges them: no STARTTLS on 25 and AUTH before TLS on 587 fail (exit 2), DANE is checked from the TLSA records, JSON carries them",
              .tags(.lab))
        func verdicts() async throws {
            let plain = try await smtp(["mx.nostarttls.tls.test"])
            #expect(plain.status == 2, "no STARTTLS is not 'ok': \(plain.stdout)")
            #expect(plain.stdout.contains("FAIL     An MX does not offer STARTTLS (smtp.starttls-missing)")
                    && plain.stdout.contains("result:      CRITICAL: 1 fail"), "\(plain.stdout)")
            let submission = try await smtp(["mx.nostarttls.tls.test", "--port", "587"])
            #expect(submission.status == 2 && submission.stdout.contains("(submission.auth-before-tls)")
                    && submission.stdout.contains("offers AUTH PLAIN LOGIN in plain text"), "\(submission.stdout)")
            let good = try await smtp(["mx1.good.test"])
            #expect(good.status == 0, "\(good.stdout)")
            #expect(good.stdout.contains("PASS     A TLSA record matches the MX certificate (dane.mismatch)"), "DANE checked: \(good.stdout)")
            #expect(good.stdout.contains("UNTESTED") && good.stdout.contains("(smtp.old-tls)"), "\(good.stdout)")
            let json = try await smtp(["mx.nostarttls.tls.test", "--format", "json"])
            let root = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json.stderr)")
            let verdicts = root["verdicts"] as? [[String: Any]] ?? []
            #expect(verdicts.contains { $0["ruleID"] as? String == "smtp.starttls-missing" && $0["outcome"] as? String == "fail" }, "\(verdicts)")
            #expect(root["exitStatus"] as? Int == 2 && json.status == 2)
            // An expired certificate: OpenSSL's verification stops there, so its trust is not
            // said to be "NOT trusted" beside a "not tested" smtp.cert-untrusted.
            let expired = try await smtp(["mx.expired.tls.test"])
            #expect(expired.stdout.contains("expired (whether the chain is otherwise trusted was not established)")
                    && !expired.stdout.contains("NOT trusted") && expired.stdout.contains("(smtp.cert-expired)"), "\(expired.stdout)")
        }

        @Test("the password appears in no report format of an audit either", .tags(.lab))
        func auditOutputs() async throws {
            try await Lab.start()
            for format in ["text", "json", "jsonl", "html"] {
                let result = await Binary.run(["audit", "good.test", "--resolver", Lab.resolver, "--ca-file", Lab.caFile, "--format", format,
                                               "--submission-host", "smtp.good.test"])
                #expect(result.status == 0, "\(format): \(result.stderr)")
                Self.expectNoSecret(result, "audit \(format)")
            }
            let facts = await Binary.run(["facts", "good.test", "--resolver", Lab.resolver, "--ca-file", Lab.caFile])
            Self.expectNoSecret(facts, "facts")
        }
    }
}
