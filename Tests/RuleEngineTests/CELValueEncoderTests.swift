import Foundation
import MailFacts
import Testing
@testable import RuleEngine

/// The facts reach the rules through CELValueEncoder; `check --facts` reads them from JSON.
/// Both must give the same value, or a rule could judge saved facts differently.
@Suite("CELValueEncoder: the same value as the JSON round trip")
struct CELValueEncoderTests {
    @Test("the fact schema sample (every field set) encodes as through JSON")
    func sample() throws {
        #expect(try RuleSet.value(of: FactSchema.sample) == RuleSet.valueThroughJSON(of: FactSchema.sample))
    }

    @Test("numbers: whole doubles become ints, fractions stay doubles; nil optionals are left out")
    func numbers() throws {
        var facts = FactSchema.sample
        facts.collection.seconds = 2.0
        facts.collection.deadlineSeconds = 0.25
        facts.collection.error = nil
        facts.smtp?.endpoints[0].greeting?.firstByteSeconds = 6.125
        facts.smtp?.endpoints[0].tls?.daysToExpiry = -3
        let direct = try RuleSet.value(of: facts)
        #expect(direct == (try RuleSet.valueThroughJSON(of: facts)))
        guard case .map(let entries) = direct, let collection = entries.first(where: { $0.key == .string("collection") })?.value,
              case .map(let fields) = collection else {
            Issue.record("collection is not a map")
            return
        }
        #expect(fields.first { $0.key == .string("seconds") }?.value == .int(2))
        #expect(fields.first { $0.key == .string("deadlineSeconds") }?.value == .double(0.25))
        #expect(!fields.contains { $0.key == .string("error") })
    }
}
