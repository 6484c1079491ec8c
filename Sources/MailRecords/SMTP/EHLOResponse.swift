/// What a server said in its 250 reply to EHLO (RFC 5321 §4.1.1.1): its name, and each
/// service extension with its parameters.
public struct EHLOResponse: Sendable, Hashable {
    public struct Extension: Sendable, Hashable {
        /// The keyword, upper-cased (`SIZE`, `AUTH`, `STARTTLS`).
        public var keyword: String
        public var parameters: [String]
    }

    /// The domain the server names in the first line.
    public var domain: String
    /// The rest of the first line (the greeting text).
    public var greeting: String
    public var extensions: [Extension]

    public init?(_ reply: SMTPReply) {
        guard reply.code == 250, let first = reply.lines.first else { return nil }
        let words = first.split(separator: " ", maxSplits: 1)
        domain = words.first.map(String.init) ?? ""
        greeting = words.count > 1 ? String(words[1]) : ""
        extensions = reply.lines.dropFirst().compactMap { line in
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "=" }).map(String.init)
            guard let keyword = fields.first, keyword.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else { return nil }
            return Extension(keyword: keyword.uppercased(), parameters: Array(fields.dropFirst()))
        }
    }

    public func has(_ keyword: String) -> Bool { extensions.contains { $0.keyword == keyword.uppercased() } }

    public func parameters(_ keyword: String) -> [String]? { extensions.first { $0.keyword == keyword.uppercased() }?.parameters }

    /// SIZE's value (RFC 1870): the largest message accepted, 0 for no fixed limit.
    public var sizeLimit: Int? { parameters("SIZE").flatMap { $0.first.flatMap { Int($0) } ?? 0 } }

    /// The SASL mechanisms AUTH offers (RFC 4954), upper-cased.
    public var authMechanisms: [String] { parameters("AUTH")?.map { $0.uppercased() } ?? [] }

    /// The name a 220 greeting gives (RFC 5321 §4.2: "220 domain text").
    public static func greetingName(_ banner: SMTPReply) -> String? {
        guard banner.code == 220, let first = banner.lines.first?.split(separator: " ").first else { return nil }
        return String(first)
    }
}
