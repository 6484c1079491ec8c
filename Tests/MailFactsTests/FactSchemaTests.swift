import Foundation
import LabSupport
import MailFacts
import Testing

/// The fact shape has one source, the Swift types; reports/report.schema.json describes it
/// for consumers. These tests hold the two together without the lab.
@Suite("Fact schema: the Swift facts and reports/report.schema.json agree")
struct FactSchemaTests {
    static let validator: JSONSchemaValidator = {
        let url = Lab.packageRoot.appendingPathComponent("reports/report.schema.json")
        return try! JSONSchemaValidator(schema: try! Data(contentsOf: url))
    }()

    @Test("FactSchema.sample (every field set) validates against the facts definition; a wrong value does not")
    func sample() throws {
        let data = try JSONOutput.encode(FactSchema.sample)
        let problems = try Self.validator.validate(data, against: "facts")
        #expect(problems.isEmpty, "\(problems.prefix(20).joined(separator: "\n"))")
        let mangled = String(decoding: data, as: UTF8.self)
            .replacingOccurrences(of: #""step" : "connect""#, with: #""step" : "somewhere""#)
        #expect(try Self.validator.validate(Data(mangled.utf8), against: "facts").contains { $0.contains("somewhere") })
    }

    /// Each vocabulary the schema lists, beside the Swift enum that defines it.
    static let vocabularies: [(definition: String, path: [String], values: [String])] = [
        ("lookup", ["outcome"], LookupOutcome.allCases.map(\.rawValue)),
        ("facts", ["collection", "failure"], CollectionFailure.allCases.map(\.rawValue)),
        ("facts", ["dnssec", "status"], DNSSECStatusValue.allCases.map(\.rawValue)),
        ("facts", ["dnssec", "resolverStatus"], DNSSECStatusValue.allCases.map(\.rawValue)),
        ("facts", ["dnssec", "source"], DNSSECVerdictSource.allCases.map(\.rawValue)),
        ("facts", ["dnssec", "validation", "status"], DNSSECStatusValue.allCases.map(\.rawValue)),
        ("facts", ["dnssec", "validation", "problem"], DNSSECProblem.allCases.map(\.rawValue)),
        ("facts", ["spf", "status"], SPFPolicyStatus.allCases.map(\.rawValue)),
        ("facts", ["dmarc", "status"], DMARCPolicyStatus.allCases.map(\.rawValue)),
        ("facts", ["submission", "srv", "[]", "service"], [EndpointService.submission, .submissions].map(\.rawValue)),
        ("facts", ["mtaStsPolicy", "probe", "outcome"], ProbeRunOutcome.allCases.map(\.rawValue)),
        ("facts", ["mtaStsPolicy", "fetch", "outcome"], PolicyFetchOutcome.allCases.map(\.rawValue)),
        ("facts", ["mtaStsPolicy", "policy", "mode"], MTASTSMode.allCases.map(\.rawValue)),
        ("facts", ["dnsbl", "lists", "[]", "kind"], DNSBLListKind.allCases.map(\.rawValue)),
        ("facts", ["dnsbl", "lists", "[]", "health"], DNSBLListHealth.allCases.map(\.rawValue)),
        ("dnsblCheck", ["status"], DNSBLCheckStatus.allCases.map(\.rawValue)),
        ("policyRecord", ["status"], PolicyRecordStatus.allCases.map(\.rawValue)),
        ("smtpEndpoint", ["family"], AddressFamily.allCases.map(\.rawValue)),
        ("smtpEndpoint", ["service"], EndpointService.allCases.map(\.rawValue)),
        ("smtpEndpoint", ["outcome"], SMTPEndpointOutcome.allCases.map(\.rawValue)),
        ("smtpEndpoint", ["failure", "step"], SMTPStep.allCases.map(\.rawValue)),
        ("smtpEndpoint", ["failure", "kind"], SMTPFailureKind.allCases.map(\.rawValue)),
        ("smtpEndpoint", ["tls", "status"], TLSStatus.allCases.map(\.rawValue)),
        ("smtpEndpoint", ["dane", "status"], DANEStatus.allCases.map(\.rawValue)),
        // An endpoint's probe is done or ran out of time; its host lookups are the MX facts.
        ("smtpEndpoint", ["probe", "outcome"], [ProbeRunOutcome.done, .deadlineExceeded, .busy, .noRoute].map(\.rawValue)),
        ("smtpEndpoint", ["starttlsInjection", "status"], STARTTLSInjectionStatus.allCases.map(\.rawValue)),
        ("smtpEndpoint", ["mailboxes", "status"], SMTPCheckStatus.allCases.map(\.rawValue)),
        ("smtpEndpoint", ["relay", "status"], SMTPCheckStatus.allCases.map(\.rawValue)),
    ]

    @Test("every vocabulary of the schema is exactly the cases of its Swift enum", arguments: vocabularies.indices)
    func vocabulary(index: Int) throws {
        let (definition, path, values) = Self.vocabularies[index]
        let listed = try #require(Self.validator.enumeration(in: definition, at: path), "\(definition).\(path.joined(separator: ".")) has no enum in the schema")
        #expect(Set(listed) == Set(values), "\(definition).\(path.joined(separator: ".")): schema \(listed), Swift \(values)")
    }

    @Test("the failure values of the rule engine's convention come from the enums themselves")
    func judgedFailures() {
        #expect(JudgedFailures.outcomes == Set(["servfail", "refused", "other-rcode", "timeout", "network-error", "malformed",
                                                "invalid-name", "deadline-exceeded", "lookup-failed", "busy", "no-route"]))
        #expect(JudgedFailures.statuses == ["lookup-failed"])
        #expect(!JudgedFailures.outcomes.contains("done") && !JudgedFailures.outcomes.contains("records"))
    }

    @Test("the one-string lookups of record walks keep their JSON form")
    func walkLookups() throws {
        let values: [SPFNodeLookup] = [.found, .absent, .failed("servfail: x")]
        let encoded = try values.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        #expect(encoded == [#""found""#, #""nxdomain-or-nodata""#, #""failed: servfail: x""#])
        #expect(try values.map { try JSONDecoder().decode(SPFNodeLookup.self, from: JSONEncoder().encode($0)) } == values)
        let walk: [WalkLookup] = [.records, .nodata, .nxdomain, .failed("timeout")]
        #expect(try walk.map { try JSONDecoder().decode(WalkLookup.self, from: JSONEncoder().encode($0)) } == walk)
        #expect(walk.map(\.isFailure) == [false, false, false, true])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(WalkLookup.self, from: Data(#""maybe""#.utf8)) }
    }
}
