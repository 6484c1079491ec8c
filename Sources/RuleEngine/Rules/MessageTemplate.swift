/// A message with `{{ expression }}` parts that show fact values.
public struct MessageTemplate: Sendable {
    enum Part: Sendable {
        case text(String)
        case expression(CELExpr)
    }

    let parts: [Part]
    public let source: String

    public init(_ source: String) throws(CELSyntaxError) {
        self.source = source
        var parts: [Part] = []
        var rest = Substring(source)
        while let open = rest.range(of: "{{") {
            parts.append(.text(String(rest[..<open.lowerBound])))
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw CELSyntaxError(message: "'{{' without '}}' in the message", position: source.distance(from: source.startIndex, to: open.lowerBound))
            }
            parts.append(.expression(try CELParser.parse(String(rest[open.upperBound..<close.lowerBound]))))
            rest = rest[close.upperBound...]
        }
        parts.append(.text(String(rest)))
        self.parts = parts
    }

    /// The message with each expression's value, as prose: a list reads "a, b and c" (never
    /// in brackets), and a part that cannot be computed reads "?".
    public func render(_ variables: [String: CELValue]) -> String {
        renderChecked(variables).text
    }

    /// The message, and what went wrong computing its parts (for `rules test`: a rule's
    /// examples must render without a missing key).
    public func renderChecked(_ variables: [String: CELValue]) -> (text: String, problems: [String]) {
        var problems: [String] = []
        let text = parts.map { part in
            switch part {
            case .text(let text): return text
            case .expression(let expr):
                switch CELEvaluator().evaluate(expr, variables) {
                case .success(let value): return Self.prose(value)
                case .failure(let error):
                    problems.append(error.message)
                    return "?"
                }
            }
        }.joined()
        return (text, problems)
    }

    /// A value as it reads in a sentence: strings as they are, lists joined in words.
    static func prose(_ value: CELValue) -> String {
        switch value {
        case .string(let text): return text
        case .list(let items):
            let words = items.map(prose)
            switch words.count {
            case 0: return "none"
            case 1: return words[0]
            default: return words.dropLast().joined(separator: ", ") + " and " + words.last!
            }
        default: return value.description
        }
    }

    var expressions: [CELExpr] {
        parts.compactMap { if case .expression(let expr) = $0 { return expr } else { return nil } }
    }
}
