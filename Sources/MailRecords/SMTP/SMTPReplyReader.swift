import MailFacts

/// Reads replies from the bytes a server sends, however they are split into reads, with
/// limits so that a hostile server (endless lines, endless multi-line replies, binary
/// garbage) ends in an error instead of unbounded memory or time.
public struct SMTPReplyReader: Sendable {
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// A line does not start with three digits and ' ' or '-' (RFC 5321 §4.2).
        case malformedLine(String)
        /// The lines of one reply carry different codes.
        case inconsistentCodes(Int, Int)
        /// A line longer than `maximumLineLength` bytes (RFC 5321 §4.5.3.1.5 allows 512).
        case lineTooLong(Int)
        /// More than `maximumLines` lines in one reply.
        case tooManyLines(Int)

        public var description: String {
            switch self {
            case .malformedLine(let line): return "not an SMTP reply line: \(line.prefix(80).debugDescription)"
            case .inconsistentCodes(let a, let b): return "reply lines with different codes (\(a), \(b))"
            case .lineTooLong(let n): return "a reply line longer than \(n) bytes"
            case .tooManyLines(let n): return "a reply of more than \(n) lines"
            }
        }
    }

    public var maximumLineLength: Int
    public var maximumLines: Int
    private var buffer: [UInt8] = []
    private var pending: [String] = []
    private var pendingCode: Int?

    public init(maximumLineLength: Int = 4096, maximumLines: Int = 200) {
        self.maximumLineLength = maximumLineLength
        self.maximumLines = maximumLines
    }

    /// Bytes buffered after the last complete reply (for the STARTTLS injection check: a
    /// server must send nothing after its 220 until the TLS handshake, RFC 3207 §5).
    public var bufferedByteCount: Int { buffer.count }

    /// Adds received bytes; returns the replies they complete, in order.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(Failure) -> [SMTPReply] {
        buffer.append(contentsOf: bytes)
        var replies: [SMTPReply] = []
        while let newline = buffer.firstIndex(of: 0x0a) {
            var lineBytes = Array(buffer[..<newline])
            buffer.removeSubrange(...newline)
            if lineBytes.last == 0x0d { lineBytes.removeLast() }
            guard lineBytes.count <= maximumLineLength else { throw .lineTooLong(maximumLineLength) }
            if let reply = try line(OutsideText.decode(lineBytes)) { replies.append(reply) }
        }
        guard buffer.count <= maximumLineLength else { throw .lineTooLong(maximumLineLength) }
        return replies
    }

    private mutating func line(_ text: String) throws(Failure) -> SMTPReply? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 3, scalars[0...2].allSatisfy({ ("0"..."9").contains($0) }),
              let code = Int(String(String.UnicodeScalarView(scalars[0...2]))),
              scalars.count == 3 || scalars[3] == " " || scalars[3] == "-" else {
            throw .malformedLine(text)
        }
        if let pendingCode, pendingCode != code { throw .inconsistentCodes(pendingCode, code) }
        let rest = scalars.count > 4 ? String(String.UnicodeScalarView(scalars[4...])) : ""
        pending.append(rest)
        guard pending.count <= maximumLines else { throw .tooManyLines(maximumLines) }
        if scalars.count > 3 && scalars[3] == "-" {
            pendingCode = code
            return nil
        }
        let lines = pending
        pending = []
        pendingCode = nil
        return SMTPReply(code: code, lines: lines, enhancedCode: Self.enhancedCode(lines.first ?? ""))
    }

    /// class.subject.detail at the start of the text (RFC 3463 §2).
    static func enhancedCode(_ text: String) -> String? {
        guard let first = text.split(separator: " ").first else { return nil }
        let parts = first.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, ["2", "4", "5"].contains(parts[0]),
              parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isNumber) }) else { return nil }
        return String(first)
    }
}
