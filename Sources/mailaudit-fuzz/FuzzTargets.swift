import DNSClient
import Dispatch
import Foundation
import MailFacts
import MailRecords
import NetworkSupport
import RuleEngine

/// One fuzz target per parser of outside input. Each takes the fuzzer's bytes, runs the
/// parser, and checks the invariants the parser promises; a broken invariant traps, which
/// libFuzzer reports as a crash with the input that caused it.
enum FuzzTargets {
    static let all: [String: @Sendable ([UInt8]) -> Void] = [
        "spf-record": spfRecord, "spf-macro": spfMacro, "spf-eval": spfEvaluation,
        "dmarc": dmarc, "dkim": dkim, "mta-sts-txt": mtaStsRecord, "mta-sts-policy": mtaStsPolicy,
        "tls-rpt": tlsRpt, "bimi": bimi, "smtp-reply": smtpReply, "dns-message": dnsMessage,
        "cel": cel, "rule-file": ruleFile, "profile": profile, "psl": psl, "domain-name": domainName,
    ]

    /// Makes the values built once, before the first input.
    static func warmUp() {
        _ = (facts, builtinRules.count, profilePath)
        for target in all.values { target([]) }
    }

    static func text(_ data: [UInt8]) -> String { String(decoding: data, as: UTF8.self) }

    static func require(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fatalError("invariant broken: \(message())") }
    }

    static func spfRecord(_ data: [UInt8]) {
        let record = SPFRecord(text(data))
        _ = record.directives.map { ($0.mechanism.name, $0.mechanism.queriesDNS, $0.qualifier.result) }
        _ = (record.redirect?.description, record.explanation?.description, record.isValid)
        // Parsing is a function of the text.
        require(SPFRecord(record.text) == record, "SPF record parses the same twice")
    }

    static func spfMacro(_ data: [UInt8]) {
        for explanation in [false, true] {
            guard let macro = try? SPFMacroString(text(data), explanation: explanation) else { continue }
            // A macro string prints back to text that parses to the same macro string.
            let again = try? SPFMacroString(macro.description, explanation: explanation)
            require(again == macro, "macro string round trip: \(macro.description)")
        }
    }

    /// check_host() over a small DNS made from the input: line i is the TXT record of
    /// d{i}.fz (10 names), every name has one A record, MX points to d1.fz, PTR to d0.fz.
    /// The limits of RFC 7208 §4.6.4 must hold whatever the records do.
    static func spfEvaluation(_ data: [UInt8]) {
        let lines = text(data).split(separator: "\n", omittingEmptySubsequences: false).prefix(10).map(String.init)
        let evaluator = SPFEvaluator(resolver: FuzzSPFResolver(records: lines), now: Date(timeIntervalSince1970: 0))
        let result = blocking {
            await evaluator.checkHost(ip: IPAddress("192.0.2.1")!, sender: "a@d0.fz", helo: "d0.fz")
        }
        require(result.dnsLookups <= SPFEvaluator.lookupLimit + 1, "at most one DNS-querying term over the limit: \(result.dnsLookups)")
        require(result.voidLookups <= SPFEvaluator.voidLookupLimit + 1, "void lookups: \(result.voidLookups)")
        require(result.trace.count < 10_000, "trace length \(result.trace.count)")
    }

    static func dmarc(_ data: [UInt8]) {
        for basis in [DMARCBasis.rfc7489, .rfc9989] {
            let record = DMARCRecord(text(data), basis: basis)
            _ = (record.isValid, record.effectiveSubdomainPolicy, record.effectiveNonexistentPolicy)
            require(DMARCRecord(record.text, basis: basis) == record, "DMARC parses the same twice")
        }
    }

    static func dkim(_ data: [UInt8]) {
        let record = DKIMKeyRecord(text(data))
        _ = (record.isValid, record.testing, record.usableForEmail)
    }

    static func mtaStsRecord(_ data: [UInt8]) { _ = MTASTSRecord(text(data)) }

    static func mtaStsPolicy(_ data: [UInt8]) {
        let policy = MTASTSPolicy(text(data))
        _ = policy.isValid
        _ = MTASTSPolicy.matches("mx1.example.org", patterns: text(data).split(separator: "\n").map(String.init))
    }

    static func tlsRpt(_ data: [UInt8]) { _ = TLSRPTRecord(text(data)) }

    static func bimi(_ data: [UInt8]) { _ = BIMIRecord(text(data)) }

    /// SMTP replies as the probe reads them, fed in two pieces: the reader's buffer and the
    /// lines of one reply stay within its limits.
    static func smtpReply(_ data: [UInt8]) {
        var reader = SMTPReplyReader(maximumLineLength: 512, maximumLines: 20)
        let cut = data.isEmpty ? 0 : Int(data[0]) % max(1, data.count)
        for piece in [data[..<cut], data[cut...]] {
            guard let replies = try? reader.feed(piece) else { return }
            require(reader.bufferedByteCount <= 512 + 2, "buffer \(reader.bufferedByteCount)")
            for reply in replies {
                require(reply.lines.count <= 20, "reply of \(reply.lines.count) lines")
                _ = EHLOResponse(reply)
                _ = EHLOResponse.greetingName(reply)
            }
        }
    }

    static func dnsMessage(_ data: [UInt8]) {
        for type in [DNSType.TXT, .MX, .A, .TLSA] {
            guard let answer = DNSMessage.answer(decoding: data, for: DNSQuestion(name: "fuzz.test", type: type)) else { return }
            require(answer.cnameChain.count <= 16, "CNAME chain \(answer.cnameChain.count)")
            require(answer.records.allSatisfy { $0.type == type }, "only records of the asked type")
            require(answer.extendedErrors.count <= 8, "extended errors bounded")
        }
    }

    static let facts: CELValue = (try? RuleSet.value(of: FactSchema.sample)) ?? .null

    static func cel(_ data: [UInt8]) {
        guard let expr = try? CELParser.parse(text(data)) else { return }
        var variables: [String: CELValue] = ["domain": .string("example.org")]
        if case .map(let entries) = facts {
            for entry in entries { if case .string(let key) = entry.key { variables[key] = entry.value } }
        }
        _ = CELEvaluator().evaluate(expr, variables)
        _ = expr.paths
    }

    static func ruleFile(_ data: [UInt8]) {
        _ = try? RuleFileLoader.load([(file: "fuzz.yaml", text: text(data))])
    }

    static let builtinRules: [Rule] = (try? RuleSet.load(extraDirectory: nil)) ?? []
    static let profilePath = FileManager.default.temporaryDirectory.appendingPathComponent("mailaudit-fuzz-profile-\(getpid()).yaml").path

    static func profile(_ data: [UInt8]) {
        guard FileManager.default.createFile(atPath: profilePath, contents: Data(data)) else { return }
        _ = try? ProfileLoader.load(profilePath, rules: builtinRules)
    }

    static func psl(_ data: [UInt8]) {
        // The first line is a name, the rest a list.
        let lines = text(data).split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        let name = lines.first.map(String.init) ?? ""
        let list = PublicSuffixList(text: lines.count > 1 ? String(lines[1]) : "")
        if let organizational = list.organizationalDomain(of: name) {
            require(list.organizationalDomain(of: organizational) == organizational, "organizational domain of \(name) is a fixed point")
        }
        _ = list.publicSuffix(of: name)
    }

    static func domainName(_ data: [UInt8]) {
        guard let name = try? DomainName(text(data)) else { return }
        // The normalised form is a fixed point.
        require((try? DomainName(name.ascii)) == name, "DomainName of its own ASCII form: \(name.ascii)")
        _ = DNSName.absolute(text(data))
    }

    /// Runs async code to its end from the fuzzer's synchronous callback.
    static func blocking<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox<T>()
        Task.detached {
            box.value = await body()
            done.signal()
        }
        done.wait()
        return box.value!
    }
}
