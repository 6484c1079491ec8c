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

    /// The message with each expression's value (or `<error: ...>` where it cannot be computed).
    public func render(_ variables: [String: CELValue]) -> String {
        parts.map { part in
            switch part {
            case .text(let text): return text
            case .expression(let expr):
                switch CELEvaluator().evaluate(expr, variables) {
                case .success(.string(let text)): return text
                case .success(let value): return value.description
                case .failure(let error): return "<\(error.message)>"
                }
            }
        }.joined()
    }

    var expressions: [CELExpr] {
        parts.compactMap { if case .expression(let expr) = $0 { return expr } else { return nil } }
    }
}
