import Foundation
import MailFacts
import Testing
@testable import MailRecords

@Suite("Public Suffix List: organizational domains")
struct PublicSuffixTests {
    @Test("the publicsuffix.org test list (tests.txt) against the list shipped beside it")
    func suite() throws {
        let list = try PublicSuffixList(contentsOf: Conformance.directory.appendingPathComponent("psl/public_suffix_list.dat").path)
        let text = try String(contentsOf: Conformance.directory.appendingPathComponent("psl/tests.txt"), encoding: .utf8)
        var total = 0, passed = 0
        var failures: [String] = []
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("//") {
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count == 2 else { continue }
            total += 1
            let input = fields[0] == "null" ? nil : fields[0]
            let expected = fields[1] == "null" ? nil : Self.ascii(fields[1])
            let got = input.flatMap { list.organizationalDomain(of: $0) }
            if got == expected { passed += 1 } else { failures.append("\(fields[0]): expected \(fields[1]), got \(got ?? "null")") }
        }
        Conformance.report("Public Suffix List tests", passed: passed, total: total)
        for failure in failures { print("conformance: PSL: \(failure)") }
        #expect(total == 78)
        #expect(passed == total, "\(failures)")
    }

    @Test("Debian's list (the default) loads and gives organizational domains")
    func debianList() throws {
        let list = try PublicSuffixList()
        #expect(list.organizationalDomain(of: "mail.example.co.uk") == "example.co.uk")
        #expect(list.organizationalDomain(of: "a.b.good.test") == "good.test", "an unlisted TLD is one label (rule *)")
        #expect(list.organizationalDomain(of: "co.uk") == nil)
    }

    static func ascii(_ name: String) -> String {
        name.split(separator: ".").map { DomainName.asciiLabel($0) ?? String($0) }.joined(separator: ".")
    }
}
