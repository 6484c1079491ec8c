/// The syntax tree of an expression.
public indirect enum CELExpr: Sendable, Hashable {
    public enum Macro: String, Sendable, Hashable {
        case all, exists, existsOne = "exists_one", filter, map
    }

    case literal(CELValue)
    case identifier(String)
    /// `operand.field`; `testOnly` for `has(operand.field)`.
    case select(CELExpr, field: String, testOnly: Bool)
    case call(String, target: CELExpr?, arguments: [CELExpr])
    case list([CELExpr])
    case map([CELMapLiteralEntry])
    case index(CELExpr, CELExpr)
    case comprehension(Macro, range: CELExpr, variable: String, predicate: CELExpr, transform: CELExpr?)
    case conditional(CELExpr, CELExpr, CELExpr)
    case and(CELExpr, CELExpr)
    case or(CELExpr, CELExpr)
    case not(CELExpr)
    case negate(CELExpr)
    case binary(String, CELExpr, CELExpr)

    /// Every field path the expression reads from its variables (`mx.records`), for checking
    /// rule files against the fact schema. Paths below a comprehension variable are left out.
    public var paths: [[String]] {
        if let path = selectPath { return [path] }
        switch self {
        case .identifier, .literal: return []
        case .select(let operand, _, _): return operand.paths
        case .call(_, let target, let arguments): return (target?.paths ?? []) + arguments.flatMap(\.paths)
        case .list(let items): return items.flatMap(\.paths)
        case .map(let entries): return entries.flatMap { $0.key.paths + $0.value.paths }
        case .index(let a, let b), .and(let a, let b), .or(let a, let b), .binary(_, let a, let b): return a.paths + b.paths
        case .comprehension(_, let range, let variable, let predicate, let transform):
            return range.paths + (predicate.paths + (transform?.paths ?? [])).filter { $0.first != variable }
        case .conditional(let a, let b, let c): return a.paths + b.paths + c.paths
        case .not(let a), .negate(let a): return a.paths
        }
    }

    /// `a.b.c` as ["a", "b", "c"] when the expression is a chain of selects on a name.
    var selectPath: [String]? {
        switch self {
        case .identifier(let name): return [name]
        case .select(let operand, let field, _): return operand.selectPath.map { $0 + [field] }
        default: return nil
        }
    }
}
