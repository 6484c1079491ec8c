import Foundation

/// Evaluates an expression over variables (CEL semantics for the subset: errors are values
/// that `&&`, `||` and the macros absorb where the result is decided anyway).
public struct CELEvaluator: Sendable {
    public init() {}

    public func evaluate(_ expr: CELExpr, _ variables: [String: CELValue]) -> Result<CELValue, CELError> {
        var scope = variables
        return eval(expr, &scope)
    }

    private typealias R = Result<CELValue, CELError>

    private func fail(_ message: String) -> R { .failure(CELError(message)) }

    private func eval(_ expr: CELExpr, _ scope: inout [String: CELValue]) -> R {
        switch expr {
        case .literal(let value):
            return .success(value)
        case .identifier(let name):
            if let value = scope[name] { return .success(value) }
            if ["int", "uint", "double", "string", "bytes", "bool", "list", "map", "null_type", "type"].contains(name) {
                return .success(.type(name))
            }
            return fail("undeclared reference to '\(name)'")
        case .select(let operand, let field, let testOnly):
            // A qualified name (a.b.c) may itself be a variable; the longest such prefix wins.
            if let path = expr.selectPath {
                for length in stride(from: path.count, through: 2, by: -1) {
                    guard let value = scope[path.prefix(length).joined(separator: ".")] else { continue }
                    var current = value
                    var missing = false
                    for name in path.dropFirst(length) {
                        guard case .map = current, let next = current.lookup(.string(name)) else { missing = true; break }
                        current = next
                    }
                    if length == path.count { return .success(testOnly ? .bool(true) : value) }
                    if !missing { return .success(testOnly ? .bool(true) : current) }
                }
            }
            let base: CELValue
            switch eval(operand, &scope) {
            case .failure(let error): return .failure(error)
            case .success(let value): base = value
            }
            guard case .map = base else { return fail("type '\(base.typeName)' does not support field selection") }
            let found = base.lookup(.string(field))
            if testOnly { return .success(.bool(found != nil)) }
            guard let found else { return fail("no such key: '\(field)'") }
            return .success(found)
        case .index(let operand, let keyExpr):
            let base: CELValue, key: CELValue
            switch (eval(operand, &scope), eval(keyExpr, &scope)) {
            case (.failure(let error), _), (_, .failure(let error)): return .failure(error)
            case (.success(let b), .success(let k)): (base, key) = (b, k)
            }
            switch base {
            case .list(let items):
                guard let position = Self.integralIndex(key) else { return fail("invalid_argument: a list index must be an integer") }
                guard position >= 0, position < items.count else { return fail("invalid_argument: index \(position) out of range") }
                return .success(items[position])
            case .map:
                guard Self.isKeyType(key) || key.isNumber else { return fail("unsupported key type") }
                guard let value = base.lookup(key) else { return fail("no such key: \(key)") }
                return .success(value)
            default:
                return fail("no such overload: index on \(base.typeName)")
            }
        case .list(let items):
            var values: [CELValue] = []
            for item in items {
                switch eval(item, &scope) {
                case .failure(let error): return .failure(error)
                case .success(let value): values.append(value)
                }
            }
            return .success(.list(values))
        case .map(let entries):
            var values: [CELMapEntry] = []
            for entry in entries {
                let key: CELValue, value: CELValue
                switch (eval(entry.key, &scope), eval(entry.value, &scope)) {
                case (.failure(let error), _), (_, .failure(let error)): return .failure(error)
                case (.success(let k), .success(let v)): (key, value) = (k, v)
                }
                guard Self.isKeyType(key) else { return fail("unsupported key type") }
                if values.contains(where: { CELValue.equal($0.key, key) == true }) { return fail("Failed with repeated key") }
                values.append(CELMapEntry(key: key, value: value))
            }
            return .success(.map(values))
        case .conditional(let condition, let then, let otherwise):
            switch eval(condition, &scope) {
            case .failure(let error): return .failure(error)
            case .success(.bool(true)): return eval(then, &scope)
            case .success(.bool(false)): return eval(otherwise, &scope)
            case .success(let other): return fail("no matching overload: ?: needs a bool, not \(other.typeName)")
            }
        case .and(let lhs, let rhs):
            return logical(eval(lhs, &scope), eval(rhs, &scope), decisive: false)
        case .or(let lhs, let rhs):
            return logical(eval(lhs, &scope), eval(rhs, &scope), decisive: true)
        case .not(let operand):
            switch eval(operand, &scope) {
            case .failure(let error): return .failure(error)
            case .success(.bool(let value)): return .success(.bool(!value))
            case .success(let other): return fail("no matching overload for '!' applied to \(other.typeName)")
            }
        case .negate(let operand):
            switch eval(operand, &scope) {
            case .failure(let error): return .failure(error)
            case .success(.int(let value)):
                return value == Int64.min ? fail("return error for overflow") : .success(.int(-value))
            case .success(.double(let value)): return .success(.double(-value))
            case .success(let other): return fail("no matching overload for '-' applied to \(other.typeName)")
            }
        case .binary(let op, let lhs, let rhs):
            let a: CELValue, b: CELValue
            switch (eval(lhs, &scope), eval(rhs, &scope)) {
            case (.failure(let error), _), (_, .failure(let error)): return .failure(error)
            case (.success(let x), .success(let y)): (a, b) = (x, y)
            }
            return CELOperators.binary(op, a, b)
        case .call(let name, let target, let arguments):
            var values: [CELValue] = []
            if let target {
                switch eval(target, &scope) {
                case .failure(let error): return .failure(error)
                case .success(let value): values.append(value)
                }
            }
            for argument in arguments {
                switch eval(argument, &scope) {
                case .failure(let error): return .failure(error)
                case .success(let value): values.append(value)
                }
            }
            return CELFunctions.call(name, values, method: target != nil)
        case .comprehension(let macro, let rangeExpr, let variable, let predicate, let transform):
            let range: CELValue
            switch eval(rangeExpr, &scope) {
            case .failure(let error): return .failure(error)
            case .success(let value): range = value
            }
            let elements: [CELValue]
            switch range {
            case .list(let items): elements = items
            case .map(let entries): elements = entries.map(\.key)
            default: return fail("no such overload: \(macro.rawValue)() over \(range.typeName)")
            }
            return comprehension(macro, elements, variable, predicate, transform, &scope)
        }
    }

    private func comprehension(_ macro: CELExpr.Macro, _ elements: [CELValue], _ variable: String, _ predicate: CELExpr,
                               _ transform: CELExpr?, _ scope: inout [String: CELValue]) -> R {
        let saved = scope[variable]
        defer { scope[variable] = saved }
        var firstError: CELError?
        var trueCount = 0
        var output: [CELValue] = []
        for element in elements {
            scope[variable] = element
            let result = eval(predicate, &scope)
            switch macro {
            case .all:
                switch result {
                case .success(.bool(false)): return .success(.bool(false))
                case .success(.bool(true)): break
                case .success(let other): firstError = firstError ?? CELError("no matching overload: all() needs bool, not \(other.typeName)")
                case .failure(let error): firstError = firstError ?? error
                }
            case .exists:
                switch result {
                case .success(.bool(true)): return .success(.bool(true))
                case .success(.bool(false)): break
                case .success(let other): firstError = firstError ?? CELError("no matching overload: exists() needs bool, not \(other.typeName)")
                case .failure(let error): firstError = firstError ?? error
                }
            case .existsOne:
                switch result {
                case .success(.bool(let value)): if value { trueCount += 1 }
                case .success(let other): return fail("no matching overload: exists_one() needs bool, not \(other.typeName)")
                case .failure(let error): return .failure(error)
                }
            case .filter:
                switch result {
                case .success(.bool(let keep)): if keep { output.append(element) }
                case .success(let other): return fail("no matching overload: filter() needs bool, not \(other.typeName)")
                case .failure(let error): return .failure(error)
                }
            case .map:
                if let transform {
                    // map(x, filter, transform)
                    switch result {
                    case .success(.bool(false)): continue
                    case .success(.bool(true)): break
                    case .success(let other): return fail("no matching overload: map() filter needs bool, not \(other.typeName)")
                    case .failure(let error): return .failure(error)
                    }
                    switch eval(transform, &scope) {
                    case .success(let value): output.append(value)
                    case .failure(let error): return .failure(error)
                    }
                } else {
                    switch result {
                    case .success(let value): output.append(value)
                    case .failure(let error): return .failure(error)
                    }
                }
            }
        }
        switch macro {
        case .all: return firstError.map { .failure($0) } ?? .success(.bool(true))
        case .exists: return firstError.map { .failure($0) } ?? .success(.bool(false))
        case .existsOne: return .success(.bool(trueCount == 1))
        case .filter, .map: return .success(.list(output))
        }
    }

    /// `&&` (decisive false) and `||` (decisive true): a decisive side wins over an error.
    private func logical(_ lhs: R, _ rhs: R, decisive: Bool) -> R {
        for side in [lhs, rhs] { if case .success(.bool(decisive)) = side { return .success(.bool(decisive)) } }
        for side in [lhs, rhs] {
            switch side {
            case .failure(let error): return .failure(error)
            case .success(.bool): continue
            case .success(let other): return fail("no matching overload: \(decisive ? "||" : "&&") needs bool, not \(other.typeName)")
            }
        }
        return .success(.bool(!decisive))
    }

    static func integralIndex(_ value: CELValue) -> Int? {
        switch value {
        case .int(let v): return Int(v)
        case .uint(let v): return v > UInt64(Int.max) ? Int.max : Int(v)
        case .double(let v): return v.rounded() == v && abs(v) < 1e15 ? Int(v) : nil
        default: return nil
        }
    }

    static func isKeyType(_ value: CELValue) -> Bool {
        switch value {
        case .int, .uint, .bool, .string: return true
        default: return false
        }
    }
}
