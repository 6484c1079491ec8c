import Foundation
import MailFacts

/// `--format json` written as the domains come: the same document as encoding a whole
/// `AuditReport` (keys sorted, so `domains` comes before the run's `summary`), but each
/// domain is encoded, written and dropped in turn, so that memory does not grow with the
/// number of domains. The run summary is added up on the way and written last.
public final class JSONReportStream {
    private let write: (Data) throws -> Void
    private let userInfo: [CodingUserInfoKey: any Sendable]
    private let threshold: FailureThreshold
    private let generatedAt: String
    private let profile: String
    private var summary = RunSummary([], failOn: .warn)
    private var count = 0

    /// The part after `domains`, in key order.
    private struct Tail: Encodable {
        var generatedAt: String
        var input: RunInput?
        var profile: String
        var schemaVersion: Int
        var summary: RunSummary
        var tool: ToolInfo
    }

    /// `write` receives the document in pieces; the first piece is written by the first
    /// `add` (or by `finish` for a run of no domains).
    public init(generatedAt: String, profile: String, failOn threshold: FailureThreshold,
                userInfo: [CodingUserInfoKey: any Sendable], write: @escaping (Data) throws -> Void) {
        self.generatedAt = generatedAt
        self.profile = profile
        self.threshold = threshold
        self.userInfo = userInfo
        self.write = write
    }

    /// One domain, in the order the document lists them.
    public func add(_ report: DomainReport) throws {
        var piece = Data((count == 0 ? "{\n  \"domains\" : [\n" : ",\n").utf8)
        piece.append(Self.indented(try JSONOutput.encode(report, pretty: true, userInfo: userInfo), by: 4))
        try write(piece)
        summary.add(report, failOn: threshold)
        count += 1
    }

    /// The rest of the document; returns the run's summary.
    @discardableResult
    public func finish(interrupted: RunInterruption? = nil, input: RunInput? = nil) throws -> RunSummary {
        summary.addInput(input)
        summary.interrupt(interrupted)
        let tail = Tail(generatedAt: generatedAt, input: input, profile: profile, schemaVersion: AuditReport.currentSchemaVersion,
                        summary: summary, tool: ToolInfo())
        var encoded = try JSONOutput.encode(tail, pretty: true)
        // "{\n  ..." without its opening brace: its members follow the domains.
        encoded.removeFirst(2)
        var piece = Data((count == 0 ? "{\n  \"domains\" : [\n\n  ],\n" : "\n  ],\n").utf8)
        piece.append(encoded)
        try write(piece)
        return summary
    }

    /// `json` (pretty, ending in a newline) with every line indented, without the newline.
    static func indented(_ json: Data, by spaces: Int) -> Data {
        let pad = [UInt8](repeating: 0x20, count: spaces)
        var out = Data(capacity: json.count + json.count / 8)
        var lineStart = true
        for byte in json.dropLast(json.last == 0x0a ? 1 : 0) {
            // An empty line (Foundation writes an empty array as `[`, an empty line, `]`) stays empty.
            if lineStart && byte != 0x0a { out.append(contentsOf: pad) }
            out.append(byte)
            lineStart = byte == 0x0a
        }
        return out
    }
}
