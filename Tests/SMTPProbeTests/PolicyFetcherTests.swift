import Foundation
import LabSupport
import MailFacts
import MailRecords
import Testing
@testable import SMTPProbe

/// The MTA-STS policy fetch (RFC 8461 §3.3) against the lab's nginx, pinned to its address
/// (the names below exist only in the lab's DNS, never in the system resolver's).
@Suite("MTA-STS policy fetch against the lab's nginx")
struct PolicyFetcherTests {
    /// The policy of `domain` from the lab's nginx (or `address`), trusting the lab CA unless
    /// `trustLab` is false.
    static func fetch(_ domain: String, address: String = Lab.httpsAddress, trustLab: Bool = true) async throws -> PolicyFetchResponse {
        try await Lab.start()
        return await CurlPolicyFetcher().fetch(host: "mta-sts.\(domain)", addresses: [address], caFile: trustLab ? Lab.caFile : nil, timeout: 5)
    }

    @Test("each lab case gives its outcome", .tags(.lab), arguments: [
        ("enforce.sts.test", "ok", 200),
        ("testing.sts.test", "ok", 200),
        ("missing.sts.test", "http-error", 404),
        ("redirect.sts.test", "redirect", 301),
        ("ctype.sts.test", "ok", 200),
        ("large.sts.test", "too-large", 200),
        ("badcert.sts.test", "tls-failed", 200),
    ])
    func cases(domain: String, outcome: String, status: Int) async throws {
        let response = try await Self.fetch(domain)
        #expect(response.fact.outcome.rawValue == outcome && response.fact.httpStatus == status, "\(domain): \(response.fact)")
        switch domain {
        case "enforce.sts.test":
            let policy = MTASTSPolicy(try #require(response.body))
            #expect(policy.isValid && policy.mode == .enforce && policy.mx == ["mx1.good.test", "*.good.test"])
            #expect(response.fact.contentTypeOK == true && response.fact.certificateValid == true)
        case "testing.sts.test": #expect(MTASTSPolicy(response.body ?? "").mode == .testing)
        case "ctype.sts.test": #expect(response.fact.contentTypeOK == false && response.fact.contentType?.hasPrefix("text/html") == true)
        case "redirect.sts.test": #expect(response.fact.redirectLocation?.contains("enforce.sts.test") == true && response.body == nil)
        case "large.sts.test": #expect(response.body == nil && (response.fact.bytes ?? 0) <= CurlPolicyFetcher.maximumBytes)
        case "badcert.sts.test":
            // Fetched again without verification, so the report can show it; never valid.
            #expect(response.fact.certificateValid == false && response.fact.certificateError?.isEmpty == false)
            #expect(MTASTSPolicy(response.body ?? "").mode == .enforce)
        default: break
        }
    }

    @Test("the system trust store does not know the lab CA; nothing listening is refused; a silent peer times out", .tags(.lab))
    func failures() async throws {
        let untrusted = try await Self.fetch("enforce.sts.test", trustLab: false)
        #expect(untrusted.fact.outcome == PolicyFetchOutcome(rawValue: "tls-failed") && untrusted.fact.certificateValid == false)
        let refused = try await Self.fetch("enforce.sts.test", address: Lab.deadAddress)
        #expect(refused.fact.outcome == PolicyFetchOutcome(rawValue: "refused"), "\(refused.fact)")
        let silent = try FakeTCPServer(address: Lab.address(35), port: 443) { _ in Thread.sleep(forTimeInterval: 8) }
        defer { silent.stop() }
        let began = Date()
        let timeout = await CurlPolicyFetcher().fetch(host: "mta-sts.enforce.sts.test", addresses: [Lab.address(35)], caFile: Lab.caFile, timeout: 2)
        #expect(timeout.fact.outcome == PolicyFetchOutcome(rawValue: "timeout") && Date().timeIntervalSince(began) < TestTime.scaled(6), "\(timeout.fact)")
    }
}
