import Reports
import Testing

@Suite("Outside text is inert in text output")
struct InertTextTests {
    @Test("control characters, DEL, C1 and bidi overrides are shown escaped; everything else is kept")
    func escapes() {
        #expect(InertText.escape("v=spf1 \u{1B}[2J\u{07} -all") == #"v=spf1 \e[2J\x07 -all"#)
        #expect(InertText.escape("\u{1B}]8;;http://evil/\u{1B}\\link\u{1B}]8;;\u{1B}\\") == #"\e]8;;http://evil/\e\link\e]8;;\e\"#)
        #expect(InertText.escape("a\u{202E}gro.elpmaxe\u{2066}b\u{2069}") == #"a\u{202e}gro.elpmaxe\u{2066}b\u{2069}"#)
        #expect(InertText.escape("line\nforged\r\tx\u{7F}\u{85}\u{0}") == #"line\nforged\r\tx\x7f\u{0085}\x00"#)
        #expect(InertText.escape("bücher.de — plain, 日本語") == "bücher.de — plain, 日本語")
        #expect(InertText.escape("a\u{200E}b\u{200F}c\u{061C}d\u{2028}e\u{2029}") == #"a\u{200e}b\u{200f}c\u{061c}d\u{2028}e\u{2029}"#)
        #expect(!InertText.escape("\u{1B}\u{07}\u{202E}").unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x202E })
    }

    @Test("HTML shows controls and bidi overrides escaped too, keeping line breaks; long values are shortened for people")
    func htmlAndLength() {
        #expect(HTMLReport.escape("a\u{202E}<b>\u{1B}\nc") == #"a\u{202e}&lt;b&gt;\e"# + "\nc")
        let record = "v=spf1 " + String(repeating: "ip4:10.0.0.0/24 ", count: 4000) + "-all"
        let short = InertText.shortened(record)
        #expect(short.hasPrefix("v=spf1 ip4:10.0.0.0/24") && short.hasSuffix("… (\(record.count - 400) more characters)"))
        #expect(InertText.shortened("v=spf1 -all") == "v=spf1 -all")
    }
}
