import Foundation

/// The arithmetic, comparison and membership operators.
enum CELOperators {
    typealias R = Result<CELValue, CELError>

    static func binary(_ op: String, _ a: CELValue, _ b: CELValue) -> R {
        switch op {
        case "==": return .success(.bool(CELValue.equal(a, b) ?? false))
        case "!=": return .success(.bool(!(CELValue.equal(a, b) ?? false)))
        case "<", "<=", ">", ">=": return compare(op, a, b)
        case "in": return membership(a, b)
        case "+", "-", "*", "/", "%": return arithmetic(op, a, b)
        default: return .failure(CELError("unknown operator \(op)"))
        }
    }

    private static func noOverload(_ op: String, _ a: CELValue, _ b: CELValue) -> R {
        .failure(CELError("no such overload: '\(op)' applied to (\(a.typeName), \(b.typeName))"))
    }

    static func compare(_ op: String, _ a: CELValue, _ b: CELValue) -> R {
        let order: ComparisonResult?
        switch (a, b) {
        case (.string(let x), .string(let y)):
            order = x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars) ? .orderedAscending
                : (x.unicodeScalars.elementsEqual(y.unicodeScalars) ? .orderedSame : .orderedDescending)
        case (.bytes(let x), .bytes(let y)):
            order = x.lexicographicallyPrecedes(y) ? .orderedAscending : (x == y ? .orderedSame : .orderedDescending)
        case (.bool(let x), .bool(let y)):
            order = x == y ? .orderedSame : (!x ? .orderedAscending : .orderedDescending)
        default:
            guard a.isNumber && b.isNumber else { return noOverload(op, a, b) }
            order = CELValue.numericOrder(a, b)
        }
        guard let order else { return .success(.bool(false)) }  // NaN compares false
        switch op {
        case "<": return .success(.bool(order == .orderedAscending))
        case "<=": return .success(.bool(order != .orderedDescending))
        case ">": return .success(.bool(order == .orderedDescending))
        default: return .success(.bool(order != .orderedAscending))
        }
    }

    static func membership(_ a: CELValue, _ b: CELValue) -> R {
        switch b {
        case .list(let items): return .success(.bool(items.contains { CELValue.equal($0, a) == true }))
        case .map: return .success(.bool(b.lookup(a) != nil))
        default: return noOverload("in", a, b)
        }
    }

    static func arithmetic(_ op: String, _ a: CELValue, _ b: CELValue) -> R {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let result: (Int64, Bool)
            switch op {
            case "+": result = x.addingReportingOverflow(y)
            case "-": result = x.subtractingReportingOverflow(y)
            case "*": result = x.multipliedReportingOverflow(by: y)
            case "/":
                guard y != 0 else { return .failure(CELError("divide by zero")) }
                result = x.dividedReportingOverflow(by: y)
            default:
                guard y != 0 else { return .failure(CELError("modulus by zero")) }
                result = x.remainderReportingOverflow(dividingBy: y)
            }
            return result.1 ? .failure(CELError("return error for overflow")) : .success(.int(result.0))
        case (.uint(let x), .uint(let y)):
            let result: (UInt64, Bool)
            switch op {
            case "+": result = x.addingReportingOverflow(y)
            case "-": result = x.subtractingReportingOverflow(y)
            case "*": result = x.multipliedReportingOverflow(by: y)
            case "/":
                guard y != 0 else { return .failure(CELError("divide by zero")) }
                result = (x / y, false)
            default:
                guard y != 0 else { return .failure(CELError("modulus by zero")) }
                result = (x % y, false)
            }
            return result.1 ? .failure(CELError("return error for overflow")) : .success(.uint(result.0))
        case (.double(let x), .double(let y)):
            switch op {
            case "+": return .success(.double(x + y))
            case "-": return .success(.double(x - y))
            case "*": return .success(.double(x * y))
            case "/": return .success(.double(x / y))
            default: return noOverload(op, a, b)
            }
        case (.string(let x), .string(let y)) where op == "+": return .success(.string(x + y))
        case (.bytes(let x), .bytes(let y)) where op == "+": return .success(.bytes(x + y))
        case (.list(let x), .list(let y)) where op == "+": return .success(.list(x + y))
        default: return noOverload(op, a, b)
        }
    }
}
