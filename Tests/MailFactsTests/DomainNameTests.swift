import Testing
@testable import MailFacts

@Suite("Domain names given by users")
struct DomainNameTests {
    @Test("valid names are lower-cased, lose the trailing dot and keep their labels",
          arguments: [("Example.ORG", "example.org"), ("good.test.", "good.test"), ("  mail.example.co.uk ", "mail.example.co.uk"),
                      ("xn--bcher-kva.de", "xn--bcher-kva.de"), ("a-b.c0.test", "a-b.c0.test")])
    func valid(input: String, expected: String) throws {
        #expect(try DomainName(input).ascii == expected)
        #expect(try DomainName(input).absolute == expected + ".")
    }

    @Test("internationalised labels become A-labels (RFC 3492 Punycode)",
          arguments: [("bücher.de", "xn--bcher-kva.de"), ("münchen.test", "xn--mnchen-3ya.test"),
                      ("例え.テスト", "xn--r8jz45g.xn--zckzah"), ("ÄÖÜ.de", "xn--4ca0bs.de")])
    func idn(input: String, expected: String) throws {
        #expect(try DomainName(input).ascii == expected)
    }

    @Test("invalid names are rejected with a reason that says what to fix",
          arguments: [
            ("", "empty"), ("bad..name", "label 2 is empty"), (".lead.test", "label 1 is empty"),
            ("-x.test", "hyphen"), ("x-.test", "hyphen"), ("under_score.test", "letters, digits and hyphens"),
            ("a@b.test", "mail address"), ("https://example.org/", "URL"), ("localhost", "single label"),
            ("192.0.2.1", "IP address"), ("has space.test", "no spaces"),
            (String(repeating: "a", count: 64) + ".test", "at most 63"),
            (Array(repeating: String(repeating: "a", count: 60), count: 5).joined(separator: ".") + ".test", "at most 253"),
          ])
    func invalid(input: String, reasonPart: String) {
        #expect {
            try DomainName(input)
        } throws: { error in
            guard let error = error as? DomainNameError else { return false }
            return error.reason.contains(reasonPart) && error.description.contains("is not a valid domain name")
        }
    }
}
