import Foundation
import LabSupport
import Testing

extension ProgramTests {
    /// `mailaudit spf` against the lab's spf.test zone (RFC 7208 check_host()).
    @Suite("mailaudit spf, run as a program")
    struct SPFCommandTests {
        private func spf(_ name: String, ip: String = "192.0.2.10", resolver: String = Lab.resolver, extra: [String] = []) async throws -> (Int32, [String: Any], String) {
            try await Lab.start()
            let result = await Binary.run(["spf", name, "--ip", ip, "--resolver", resolver, "--json"] + extra)
            let object = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Any] ?? [:]
            return (result.status, object, result.stderr)
        }

        @Test("results of the lab's policies", .tags(.lab), arguments: [
            ("pass.spf.test", "192.0.2.10", "pass"), ("pass.spf.test", "192.0.2.200", "fail"),
            ("softfail.spf.test", "192.0.2.200", "softfail"), ("neutral.spf.test", "192.0.2.200", "neutral"),
            ("nested.spf.test", "192.0.2.10", "pass"), ("nested.spf.test", "192.0.2.200", "pass"),
            ("nested.spf.test", "192.0.2.201", "fail"), ("nomx.test", "192.0.2.10", "none"),
            ("good.test", "\(Lab.net).25", "pass"),
        ])
        func results(domain: String, ip: String, expected: String) async throws {
            let (status, json, stderr) = try await spf(domain, ip: ip)
            #expect(status == 0, "\(stderr)")
            #expect(json["result"] as? String == expected)
        }

        @Test("permerror on too many lookups, on an include loop, a redirect loop and void lookups", .tags(.lab), arguments: [
            ("toomany.spf.test", "more than 10 DNS-querying terms", 11),
            ("loop.spf.test", "more than 10 DNS-querying terms", 11),
            ("rloop.spf.test", "more than 10 DNS-querying terms", 11),
            ("void.spf.test", "more than 2 void lookups", 3),
        ])
        func limits(domain: String, reason: String, lookups: Int) async throws {
            let (status, json, _) = try await spf(domain)
            #expect(status == 0)
            #expect(json["result"] as? String == "permerror")
            #expect((json["reason"] as? String)?.contains(reason) == true, "\(json["reason"] ?? "")")
            if domain == "void.spf.test" {
                #expect(json["voidLookups"] as? Int == lookups)
            } else {
                #expect(json["dnsLookups"] as? Int == lookups)
            }
        }

        @Test("a syntax error is a permerror that names the term", .tags(.lab))
        func syntax() async throws {
            let (_, json, _) = try await spf("syntax.spf.test")
            #expect(json["result"] as? String == "permerror")
            #expect((json["reason"] as? String)?.contains("'ip4:192.0.2.0/33'") == true)
        }

        @Test("temperror when an include's lookup times out", .tags(.lab))
        func temperror() async throws {
            try await Lab.start()
            let lossy = try LossyResolver.start(dropLabel: "silent", upstream: Lab.resolver)
            defer { lossy.stop() }
            // 2 s per try: the relayed lookups must not time out on a loaded machine with a cold
            // cache (with 0.5 s the check of the resolver itself failed now and then); only the
            // dropped name does.
            let (status, json, stderr) = try await spf("timeout.spf.test", resolver: "\(lossy.address):\(lossy.port)",
                                                       extra: ["--timeout", "2", "--retries", "0"])
            #expect(status == 0, "\(stderr)")
            #expect(json["result"] as? String == "temperror")
            #expect((json["reason"] as? String)?.contains("timeout") == true)
        }

        @Test("the deadline bounds the evaluation: temperror, not a hang", .tags(.lab))
        func deadline() async throws {
            try await Lab.start()
            let lossy = try LossyResolver.start(dropLabel: "silent", upstream: Lab.resolver)
            defer { lossy.stop() }
            let began = Date()
            let (status, json, stderr) = try await spf("timeout.spf.test", resolver: "\(lossy.address):\(lossy.port)",
                                                       extra: ["--timeout", "20", "--retries", "0", "--deadline", "1"])
            #expect(status == 0, "\(stderr)")
            #expect(json["result"] as? String == "temperror")
            #expect(Date().timeIntervalSince(began) < TestTime.scaled(15), "the 1 s deadline ended it, not the 20 s timeout")
        }

        @Test("the text trace shows each term, each lookup and the counts against the limits", .tags(.lab))
        func textTrace() async throws {
            try await Lab.start()
            let result = await Binary.run(["spf", "nested.spf.test", "--ip", "192.0.2.200", "--resolver", Lab.resolver])
            #expect(result.status == 0)
            let text = result.stdout
            #expect(text.contains("include:pass.spf.test: DNS-querying term 1/10"))
            #expect(text.contains("dns: TXT pass.spf.test → \"v=spf1 ip4:192.0.2.0/25 -all\""))
            #expect(text.contains("redirect=tail.spf.test"))
            #expect(text.contains("dns: A host.spf.test → 192.0.2.200"))
            #expect(text.contains("result: pass"))
            #expect(text.contains("DNS-querying terms: 3/10, void lookups: 0/2"))
        }

        @Test("bad input: exit 3 with a message", arguments: [
            (["spf", "good.test", "--ip", "not-an-ip"], "is not an IPv4 or IPv6 address"),
            (["spf", "good.test", "--ip", "192.0.2.1", "--sender", "x@other.test"], "is not at good.test"),
        ])
        func badInput(arguments: [String], message: String) async throws {
            let result = await Binary.run(arguments + ["--resolver", Lab.deadAddress])
            #expect(result.status == 3)
            #expect(result.stderr.contains(message), "\(result.stderr)")
        }

        @Test("a domain check_host() cannot use is the result none, not an error (RFC 7208 §2.3, §4.3)", arguments: [
            (["spf", "bad..domain"], "not a valid domain name"),
            // No MAIL FROM, and a HELO that is a domain literal or a single label.
            (["spf", "[192.0.2.1]", "--sender", "", "--helo", "[192.0.2.1]"], "not a valid domain name"),
            (["spf", "localhost", "--sender", "", "--helo", "localhost"], "not a valid domain name"),
        ])
        func unusableDomain(arguments: [String], reason: String) async throws {
            // Nothing is asked: the dead address would make any lookup fail.
            let result = await Binary.run(arguments + ["--ip", "192.0.2.1", "--json", "--resolver", Lab.deadAddress])
            #expect(result.status == 0, "\(result.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(json["result"] as? String == "none")
            #expect((json["reason"] as? String)?.contains(reason) == true, "\(json["reason"] ?? "")")
        }
    }
}
