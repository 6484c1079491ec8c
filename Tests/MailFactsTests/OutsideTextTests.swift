import MailFacts
import Testing

@Suite("Outside bytes as text: nothing dropped silently")
struct OutsideTextTests {
    @Test("valid UTF-8 is kept; every byte of an invalid sequence is written \\xHH", arguments: [
        ([0x76, 0x3D, 0x73, 0x70, 0x66, 0x31], "v=spf1"),
        ([0x63, 0x61, 0x66, 0xC3, 0xA9], "café"),
        ([0x61, 0xFF, 0xFE, 0x62], #"a\xFF\xFEb"#),
        ([0xC3], #"\xC3"#),  // cut short
        ([0xC0, 0xAF], #"\xC0\xAF"#),  // overlong "/"
        ([0xED, 0xA0, 0x80], #"\xED\xA0\x80"#),  // a surrogate
        ([0xF4, 0x90, 0x80, 0x80], #"\xF4\x90\x80\x80"#),  // above U+10FFFF
        ([0xE2, 0x82, 0xAC, 0x80], #"€\x80"#),  // a stray continuation after a valid sequence
        ([0xEF, 0xBF, 0xBD], "\u{FFFD}"),  // a real U+FFFD stays itself
    ] as [([UInt8], String)])
    func decode(bytes: [UInt8], expected: String) {
        #expect(OutsideText.decode(bytes) == expected)
    }

    @Test("a TXT record fact keeps the byte lengths and shows the bytes")
    func txtRecord() {
        let fact = TXTRecordFact(strings: [Array("v=spf1 ".utf8) + [0xFF], Array(" -all".utf8)])
        #expect(fact.text == #"v=spf1 \xFF -all"#)
        #expect(fact.strings == [#"v=spf1 \xFF"#, " -all"])
        #expect(fact.length == 13 && fact.stringLengths == [8, 5])
    }
}
