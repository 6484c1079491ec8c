import Testing
@testable import MailRecords

@Suite("SMTP replies and EHLO (RFC 5321 §4.2, §4.1.1.1)")
struct SMTPReplyTests {
    @Test("multi-line replies across arbitrary reads, CRLF or LF, enhanced status codes")
    func multiline() throws {
        var reader = SMTPReplyReader()
        let text = "220 mx.example.org ESMTP ready\r\n250-mx.example.org Hello\r\n250-SIZE 10240000\r\n250-AUTH PLAIN LOGIN\r\n250-STARTTLS\r\n250 8BITMIME\n550 5.7.1 Relay denied\r\n"
        var replies: [SMTPReply] = []
        for chunk in Array(text.utf8).chunked(by: 7) { replies += try reader.feed(chunk) }
        #expect(replies.map(\.code) == [220, 250, 550])
        #expect(EHLOResponse.greetingName(replies[0]) == "mx.example.org")
        let ehlo = try #require(EHLOResponse(replies[1]))
        #expect(ehlo.domain == "mx.example.org" && ehlo.greeting == "Hello")
        #expect(ehlo.extensions.map(\.keyword) == ["SIZE", "AUTH", "STARTTLS", "8BITMIME"])
        #expect(ehlo.sizeLimit == 10_240_000 && ehlo.authMechanisms == ["PLAIN", "LOGIN"] && ehlo.has("starttls"))
        #expect(replies[2].enhancedCode == "5.7.1" && !replies[2].isPositive)
        #expect(reader.bufferedByteCount == 0)
    }

    @Test("hostile input ends in an error, not unbounded memory", arguments: [
        (Array("HELLO there\r\n".utf8), "not an SMTP reply line"),
        (Array("250-first\r\n251 second\r\n".utf8), "different codes"),
        (Array(repeating: UInt8(ascii: "x"), count: 10_000), "longer than"),
        (Array(String(repeating: "250-more\r\n", count: 300).utf8), "more than 200 lines"),
    ])
    func hostile(bytes: [UInt8], message: String) {
        var reader = SMTPReplyReader()
        #expect {
            _ = try reader.feed(bytes)
        } throws: { error in
            (error as? SMTPReplyReader.Failure)?.description.contains(message) == true
        }
    }

    @Test("bytes after a complete reply stay buffered (RFC 3207 §5: nothing may follow 220 before TLS)")
    func buffered() throws {
        var reader = SMTPReplyReader()
        let replies = try reader.feed(Array("220 2.0.0 Ready to start TLS\r\n250 injected".utf8))
        #expect(replies.count == 1 && reader.bufferedByteCount == 12)
    }
}

extension Array {
    func chunked(by size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
