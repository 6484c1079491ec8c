/// Parses an expression of the CEL subset (the grammar of the CEL language definition,
/// without message construction): literals, field access, indexing, operators, `?:`,
/// `in`, function and method calls, and the macros has/all/exists/exists_one/filter/map.
public enum CELParser {
    public static func parse(_ text: String) throws(CELSyntaxError) -> CELExpr {
        var parser = Parser(tokens: try CELLexer.tokens(text))
        let expr = try parser.expression()
        guard case .end = parser.peek.token else {
            throw CELSyntaxError(message: "unexpected \(parser.describe(parser.peek.token))", position: parser.peek.position)
        }
        return expr
    }

    private struct Parser {
        let tokens: [CELLexedToken]
        var index = 0
        var depth = 0

        var peek: CELLexedToken { tokens[index] }

        mutating func advance() -> CELLexedToken {
            let token = tokens[index]
            if index < tokens.count - 1 { index += 1 }
            return token
        }

        func describe(_ token: CELToken) -> String {
            switch token {
            case .end: return "end of expression"
            case .symbol(let s): return "'\(s)'"
            case .identifier(let name), .quotedIdentifier(let name): return "'\(name)'"
            default: return "literal"
            }
        }

        func isSymbol(_ symbol: String) -> Bool { peek.token == .symbol(symbol) }

        mutating func expect(_ symbol: String) throws(CELSyntaxError) {
            guard isSymbol(symbol) else {
                throw CELSyntaxError(message: "expected '\(symbol)', found \(describe(peek.token))", position: peek.position)
            }
            _ = advance()
        }

        mutating func expression() throws(CELSyntaxError) -> CELExpr {
            depth += 1
            defer { depth -= 1 }
            guard depth < 200 else { throw CELSyntaxError(message: "expression nested too deeply", position: peek.position) }
            let condition = try conditionalOr()
            guard isSymbol("?") else { return condition }
            _ = advance()
            let then = try conditionalOr()
            try expect(":")
            return .conditional(condition, then, try expression())
        }

        mutating func conditionalOr() throws(CELSyntaxError) -> CELExpr {
            var lhs = try conditionalAnd()
            while isSymbol("||") { _ = advance(); lhs = .or(lhs, try conditionalAnd()) }
            return lhs
        }

        mutating func conditionalAnd() throws(CELSyntaxError) -> CELExpr {
            var lhs = try relation()
            while isSymbol("&&") { _ = advance(); lhs = .and(lhs, try relation()) }
            return lhs
        }

        mutating func relation() throws(CELSyntaxError) -> CELExpr {
            var lhs = try addition()
            while true {
                if case .symbol(let op) = peek.token, ["<", "<=", ">", ">=", "==", "!="].contains(op) {
                    _ = advance(); lhs = .binary(op, lhs, try addition())
                } else if peek.token == .identifier("in") {
                    _ = advance(); lhs = .binary("in", lhs, try addition())
                } else {
                    return lhs
                }
            }
        }

        mutating func addition() throws(CELSyntaxError) -> CELExpr {
            var lhs = try multiplication()
            while case .symbol(let op) = peek.token, op == "+" || op == "-" {
                _ = advance(); lhs = .binary(op, lhs, try multiplication())
            }
            return lhs
        }

        mutating func multiplication() throws(CELSyntaxError) -> CELExpr {
            var lhs = try unary()
            while case .symbol(let op) = peek.token, op == "*" || op == "/" || op == "%" {
                _ = advance(); lhs = .binary(op, lhs, try unary())
            }
            return lhs
        }

        mutating func unary() throws(CELSyntaxError) -> CELExpr {
            if isSymbol("!") { _ = advance(); return .not(try unary()) }
            if isSymbol("-") {
                _ = advance()
                // Fold a negative literal, so that -9223372036854775808 is an int.
                if case .intMinMagnitude = peek.token {
                    _ = advance()
                    return try member(.literal(.int(Int64.min)))
                }
                return .negate(try unary())
            }
            return try member(try primary())
        }

        mutating func member(_ start: CELExpr) throws(CELSyntaxError) -> CELExpr {
            var expr = start
            while true {
                if isSymbol(".") {
                    _ = advance()
                    let token = advance()
                    let name: String
                    switch token.token {
                    case .identifier(let n), .quotedIdentifier(let n): name = n
                    default: throw CELSyntaxError(message: "expected a field name after '.'", position: token.position)
                    }
                    if case .identifier = token.token, isSymbol("(") {
                        _ = advance()
                        let arguments = try expressionList(closing: ")")
                        expr = try call(name, target: expr, arguments: arguments, position: token.position)
                    } else {
                        expr = .select(expr, field: name, testOnly: false)
                    }
                } else if isSymbol("[") {
                    _ = advance()
                    let key = try expression()
                    try expect("]")
                    expr = .index(expr, key)
                } else {
                    return expr
                }
            }
        }

        mutating func call(_ name: String, target: CELExpr?, arguments: [CELExpr], position: Int) throws(CELSyntaxError) -> CELExpr {
            if let target, let macro = CELExpr.Macro(rawValue: name == "exists_one" ? "exists_one" : name) {
                guard arguments.count == 2 || (macro == .map && arguments.count == 3) else {
                    throw CELSyntaxError(message: "\(name)() takes a variable and an expression", position: position)
                }
                guard case .identifier(let variable) = arguments[0] else {
                    throw CELSyntaxError(message: "the first argument of \(name)() must be a variable name", position: position)
                }
                if arguments.count == 3 {
                    return .comprehension(macro, range: target, variable: variable, predicate: arguments[1], transform: arguments[2])
                }
                return .comprehension(macro, range: target, variable: variable, predicate: arguments[1], transform: nil)
            }
            return .call(name, target: target, arguments: arguments)
        }

        mutating func expressionList(closing: String) throws(CELSyntaxError) -> [CELExpr] {
            var items: [CELExpr] = []
            while !isSymbol(closing) {
                items.append(try expression())
                if isSymbol(",") { _ = advance() } else { break }
            }
            try expect(closing)
            return items
        }

        mutating func primary() throws(CELSyntaxError) -> CELExpr {
            let token = advance()
            switch token.token {
            case .int(let v): return .literal(.int(v))
            case .uint(let v): return .literal(.uint(v))
            case .double(let v): return .literal(.double(v))
            case .intMinMagnitude: throw CELSyntaxError(message: "int literal out of range", position: token.position)
            case .string(let v): return .literal(.string(v))
            case .bytes(let v): return .literal(.bytes(v))
            case .identifier(let name):
                switch name {
                case "true": return .literal(.bool(true))
                case "false": return .literal(.bool(false))
                case "null": return .literal(.null)
                default: break
                }
                if isSymbol("(") {
                    _ = advance()
                    let arguments = try expressionList(closing: ")")
                    if name == "has" {
                        guard arguments.count == 1, case .select(let operand, let field, _) = arguments[0] else {
                            throw CELSyntaxError(message: "has() takes a field selection such as has(a.b)", position: token.position)
                        }
                        return .select(operand, field: field, testOnly: true)
                    }
                    return .call(name, target: nil, arguments: arguments)
                }
                return .identifier(name)
            case .symbol("("):
                let inner = try expression()
                try expect(")")
                return inner
            case .symbol("["):
                return .list(try expressionList(closing: "]"))
            case .symbol("{"):
                var entries: [CELMapLiteralEntry] = []
                while !isSymbol("}") {
                    let key = try expression()
                    try expect(":")
                    entries.append(CELMapLiteralEntry(key: key, value: try expression()))
                    if isSymbol(",") { _ = advance() } else { break }
                }
                try expect("}")
                return .map(entries)
            case .symbol("."):
                // A leading dot names the root scope: .x is x.
                guard case .identifier(let name) = advance().token else {
                    throw CELSyntaxError(message: "expected a name after '.'", position: token.position)
                }
                return .identifier(name)
            default:
                throw CELSyntaxError(message: "unexpected \(describe(token.token))", position: token.position)
            }
        }
    }
}
