import Foundation
import LabSupport
import Testing

extension ProgramTests {
    /// One set of options everywhere: --format json on every command that prints, parsed here.
    @Suite("Options across commands")
    struct OptionsTests {
        static func parses(_ result: Run.Result) -> Bool {
            (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) != nil
        }

        @Test("--format json on spf, smtp, facts, audit and check, and --json as its alias, all parse as JSON", .tags(.lab))
        func json() async throws {
            try await Lab.start()
            let spf = await Binary.run(["spf", "pass.spf.test", "--ip", "192.0.2.10", "--resolver", Lab.resolver, "--format", "json"])
            let spfAlias = await Binary.run(["spf", "pass.spf.test", "--ip", "192.0.2.10", "--resolver", Lab.resolver, "--json"])
            let smtp = await Binary.run(["smtp", "mx1.good.test", "--resolver", Lab.resolver, "--ca-file", Lab.caFile, "--format", "json"])
            let facts = await Binary.run(["facts", "nullmx.test", "--resolver", Lab.resolver, "--no-smtp", "--format", "json"])
            let audit = await Binary.run(["audit", "nullmx.test", "--resolver", Lab.resolver, "--no-smtp", "--format", "json"])
            for (name, result) in [("spf", spf), ("spf --json", spfAlias), ("smtp", smtp), ("facts", facts), ("audit", audit)] {
                #expect(Self.parses(result), "\(name): \(result.stdout.prefix(200)) \(result.stderr)")
            }
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("facts-\(UUID()).json").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            try facts.stdout.write(toFile: path, atomically: true, encoding: .utf8)
            let check = await Binary.run(["check", "--facts", path, "--format", "json"])
            #expect(Self.parses(check), "\(check.stderr)")
            let text = await Binary.run(["facts", "nullmx.test", "--resolver", Lab.resolver, "--no-smtp", "--format", "text"])
            #expect(text.stdout.contains("mx.nullMX = true"), "\(text.stdout.prefix(300))")
        }

        @Test("smtp --require-tls and --verify exit 2 where TLS is missing or the chain does not verify, as swaks does", .tags(.lab))
        func smtpRequirements() async throws {
            try await Lab.start()
            let plain = await Binary.run(["smtp", "mx.nostarttls.tls.test", "--resolver", Lab.resolver, "--require-tls"])
            #expect(plain.status == 2 && plain.stdout.contains("TLS was not negotiated"), "\(plain.stdout)")
            // Without it the dialogue went through, but no STARTTLS on port 25 is a failing verdict.
            let unrequired = await Binary.run(["smtp", "mx.nostarttls.tls.test", "--resolver", Lab.resolver])
            #expect(unrequired.status == 2 && unrequired.stdout.contains("(smtp.starttls-missing)") && !unrequired.stdout.contains("TLS was not negotiated"),
                    "\(unrequired.stdout)")
            let selfSigned = await Binary.run(["smtp", "mx.selfsigned.tls.test", "--resolver", Lab.resolver, "--ca-file", Lab.caFile, "--verify"])
            #expect(selfSigned.status == 2 && selfSigned.stdout.contains("does not verify"), "\(selfSigned.stdout)")
            let good = await Binary.run(["smtp", "mx1.good.test", "--resolver", Lab.resolver, "--ca-file", Lab.caFile, "--verify"])
            #expect(good.status == 0, "\(good.stdout)")
            let refused = await Binary.run(["smtp", Lab.deadAddress])
            #expect(refused.status == 2 && !refused.stdout.contains("TLS:"), "no TLS line for a dialogue that never connected: \(refused.stdout)")
        }

        @Test("rules list: whole ids, sorted, and --format json; a mistyped command gets a suggestion; bad facts name the problem in one line")
        func smallThings() async throws {
            let list = await Binary.run(["rules", "list"])
            let ids = list.stdout.split(separator: "\n").map { String($0.split(separator: " ").first ?? "") }
            #expect(ids == ids.sorted() && ids.contains("mtasts.enforce-mx-certificate"), "whole ids, sorted")
            for id in ids.prefix(3) + ids.suffix(3) {
                #expect(await Binary.run(["rules", "show", id]).status == 0, "\(id) as listed works with rules show")
            }
            let json = await Binary.run(["rules", "list", "--format", "json"])
            let entries = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
            #expect(entries.count == ids.count && entries.allSatisfy { $0["id"] is String && $0["severity"] is String })

            let nested = await Binary.run(["rules", "lsit"])
            #expect(nested.status == 3 && nested.stderr.contains("did you mean 'list'"), "\(nested.stderr)")
            let typo = await Binary.run(["audti", "example.org"])
            #expect(typo.status == 3 && typo.stderr.contains("did you mean 'audit'") && typo.stderr.split(separator: "\n").count == 1)

            let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID()).json").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            try #"{"schemaVersion": 1, "domain": 3}"#.write(toFile: path, atomically: true, encoding: .utf8)
            let bad = await Binary.run(["check", "--facts", path])
            #expect(bad.status == 3 && bad.stderr.contains(path) && bad.stderr.contains("domain") && bad.stderr.split(separator: "\n").count == 1,
                    "\(bad.stderr)")
            #expect(!bad.stderr.contains("DecodingError"), "no Swift error value in the message")
            let missing = await Binary.run(["check", "--facts", "/nonexistent/facts.json"])
            #expect(missing.status == 3 && missing.stderr.contains("/nonexistent/facts.json: No such file or directory"), "\(missing.stderr)")
        }
    }
}

extension ProgramTests {
    /// JSON for consumers: the run's totals at the top, --facts, self-contained JSON Lines.
    @Suite("JSON for consumers")
    struct ConsumerJSONTests {
        static let validator: JSONSchemaValidator = {
            try! JSONSchemaValidator(schema: try! Data(contentsOf: Lab.packageRoot.appendingPathComponent("reports/report.schema.json")))
        }()

        @Test("a run summary across domains; --facts summary and none validate and shrink; each JSON Lines record names its run", .tags(.lab))
        func consumers() async throws {
            try await Lab.start()
            let domains = ["good.test", "nullmx.test", "nosuch.test"]
            let base = ["audit"] + domains + ["--resolver", Lab.resolver, "--no-smtp"]
            var sizes: [String: Int] = [:]
            for detail in ["full", "summary", "none"] {
                let result = await Binary.run(base + ["--format", "json", "--facts", detail])
                sizes[detail] = result.stdout.utf8.count
                let problems = try Self.validator.validate(Data(result.stdout.utf8))
                #expect(problems.isEmpty, "--facts \(detail): \(problems.prefix(5))")
                let root = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
                let summary = try #require(root["summary"] as? [String: Any])
                #expect(summary["domains"] as? Int == 3 && summary["exitStatus"] as? Int == Int(result.status), "\(summary)")
                let first = try #require((root["domains"] as? [[String: Any]])?.first)
                #expect((first["facts"] == nil) == (detail == "none"))
            }
            // The facts' share of the report: a summary is a small fraction of the full facts.
            #expect(sizes["none"]! < sizes["summary"]! && (sizes["summary"]! - sizes["none"]!) * 5 < sizes["full"]! - sizes["none"]!, "\(sizes)")

            let lines = await Binary.run(base + ["--format", "jsonl", "--facts", "none"])
            let records = lines.stdout.split(separator: "\n")
            #expect(records.count == 3)
            for record in records {
                #expect(try Self.validator.validate(Data(record.utf8), against: "domainReport").isEmpty)
                let object = try #require(try JSONSerialization.jsonObject(with: Data(record.utf8)) as? [String: Any])
                #expect(object["profile"] as? String == "default" && object["generatedAt"] is String && object["tool"] is [String: Any])
            }

            let unreachable = await Binary.run(["audit", "good.test", "--resolver", Lab.deadAddress, "--timeout", "0.5", "--retries", "0", "--format", "json"])
            let root = try #require(try JSONSerialization.jsonObject(with: Data(unreachable.stdout.utf8)) as? [String: Any])
            let summary = try #require(root["summary"] as? [String: Any])
            #expect(summary["notAudited"] as? Int == 1 && summary["error"] as? Int == 1 && unreachable.status == 3, "a collection error counts as an error")
        }
    }
}
