import Foundation

/// The functions of the subset: size, the string tests, matches, join and lowerAscii (cel-go's
/// strings extension), the conversions, type; and one of mailaudit's own, `matchesHost`.
enum CELFunctions {
    typealias R = Result<CELValue, CELError>

    static func call(_ name: String, _ args: [CELValue], method: Bool) -> R {
        func noOverload() -> R {
            .failure(CELError("no such overload: \(name)(\(args.map(\.typeName).joined(separator: ", ")))"))
        }
        switch (name, args.count) {
        case ("size", 1):
            switch args[0] {
            case .string(let s): return .success(.int(Int64(s.unicodeScalars.count)))
            case .bytes(let b): return .success(.int(Int64(b.count)))
            case .list(let l): return .success(.int(Int64(l.count)))
            case .map(let m): return .success(.int(Int64(m.count)))
            default: return noOverload()
            }
        case ("startsWith", 2), ("endsWith", 2), ("contains", 2):
            guard method, case .string(let s) = args[0], case .string(let t) = args[1] else { return noOverload() }
            let scalars = Array(s.unicodeScalars), sub = Array(t.unicodeScalars)
            switch name {
            case "startsWith": return .success(.bool(scalars.starts(with: sub)))
            case "endsWith": return .success(.bool(scalars.reversed().starts(with: sub.reversed())))
            default: return .success(.bool(sub.isEmpty || s.contains(t)))
            }
        case ("matchesHost", 2):
            // mailaudit's own: a host name against a pattern as MTA-STS writes them (RFC 8461
            // §4.1): the name itself, or `*.` and a suffix where `*` stands for exactly one
            // left-most label. Case and a final dot are ignored.
            guard method, case .string(let host) = args[0], case .string(let pattern) = args[1] else { return noOverload() }
            return .success(.bool(hostMatches(host, pattern)))
        case ("lowerAscii", 1):
            // cel-go's strings extension: ASCII letters lowered, everything else kept.
            guard method, case .string(let s) = args[0] else { return noOverload() }
            return .success(.string(String(String.UnicodeScalarView(s.unicodeScalars.map { scalar in
                (65...90).contains(scalar.value) ? Unicode.Scalar(scalar.value + 32)! : scalar
            }))))
        case ("matches", 2):
            guard case .string(let s) = args[0], case .string(let pattern) = args[1] else { return noOverload() }
            if pattern.isEmpty { return .success(.bool(true)) }
            guard let regex = try? NSRegularExpression(pattern: pattern) else {
                return .failure(CELError("invalid regular expression '\(pattern)'"))
            }
            let range = NSRange(s.startIndex..<s.endIndex, in: s)
            return .success(.bool(regex.firstMatch(in: s, range: range) != nil))
        case ("join", 1), ("join", 2):
            // cel-go's strings extension: a list of strings joined, with an optional separator.
            guard method, case .list(let items) = args[0] else { return noOverload() }
            var separator = ""
            if args.count == 2 {
                guard case .string(let given) = args[1] else { return noOverload() }
                separator = given
            }
            var parts: [String] = []
            for item in items {
                guard case .string(let text) = item else { return .failure(CELError("join: the list holds \(item.typeName), not string")) }
                parts.append(text)
            }
            return .success(.string(parts.joined(separator: separator)))
        case ("dyn", 1):
            return .success(args[0])
        case ("type", 1):
            return .success(.type(args[0].typeName))
        case ("int", 1):
            switch args[0] {
            case .int: return .success(args[0])
            case .uint(let v): return v > UInt64(Int64.max) ? .failure(CELError("range")) : .success(.int(Int64(v)))
            case .double(let v):
                guard v.isFinite, v > -9.223372036854775808e18, v < 9.223372036854775807e18 else { return .failure(CELError("range")) }
                return .success(.int(Int64(v.rounded(.towardZero))))
            case .string(let s):
                guard let v = Int64(s) else { return .failure(CELError("Type conversion error")) }
                return .success(.int(v))
            default: return noOverload()
            }
        case ("uint", 1):
            switch args[0] {
            case .uint: return .success(args[0])
            case .int(let v): return v < 0 ? .failure(CELError("range")) : .success(.uint(UInt64(v)))
            case .double(let v):
                guard v.isFinite, v > -1, v < 1.8446744073709552e19 else { return .failure(CELError("range")) }
                return .success(.uint(UInt64(v.rounded(.towardZero))))
            case .string(let s):
                guard let v = UInt64(s) else { return .failure(CELError("Type conversion error")) }
                return .success(.uint(v))
            default: return noOverload()
            }
        case ("double", 1):
            switch args[0] {
            case .double: return .success(args[0])
            case .int(let v): return .success(.double(Double(v)))
            case .uint(let v): return .success(.double(Double(v)))
            case .string(let s):
                let lowered = s.lowercased()
                if ["nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"].contains(lowered) {
                    return .success(.double(lowered == "nan" ? .nan : (lowered.hasPrefix("-") ? -.infinity : .infinity)))
                }
                guard let v = Double(s) else { return .failure(CELError("Type conversion error")) }
                return .success(.double(v))
            default: return noOverload()
            }
        case ("string", 1):
            switch args[0] {
            case .string: return .success(args[0])
            case .int(let v): return .success(.string(String(v)))
            case .uint(let v): return .success(.string(String(v)))
            case .double(let v): return .success(.string(formatDouble(v)))
            case .bool(let v): return .success(.string(String(v)))
            case .bytes(let b):
                guard let s = String(validating: b, as: UTF8.self) else { return .failure(CELError("invalid UTF-8")) }
                return .success(.string(s))
            default: return noOverload()
            }
        case ("bool", 1):
            switch args[0] {
            case .bool: return .success(args[0])
            case .string(let s):
                if ["1", "t", "true", "TRUE", "True"].contains(s) { return .success(.bool(true)) }
                if ["0", "f", "false", "FALSE", "False"].contains(s) { return .success(.bool(false)) }
                return .failure(CELError("Type conversion error"))
            default: return noOverload()
            }
        case ("bytes", 1):
            switch args[0] {
            case .bytes: return .success(args[0])
            case .string(let s): return .success(.bytes(Array(s.utf8)))
            default: return noOverload()
            }
        default:
            return .failure(CELError("unbound function '\(name)'"))
        }
    }

    /// The shortest text that reads back as the same double ("1.5", "1e+100").
    static func formatDouble(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e21 {
            let text = String(value)
            return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
        }
        return String(value)
    }

    static func hostMatches(_ host: String, _ pattern: String) -> Bool {
        func normal(_ name: String) -> String {
            let lower = name.lowercased()
            return lower.hasSuffix(".") ? String(lower.dropLast()) : lower
        }
        let (name, wanted) = (normal(host), normal(pattern))
        guard wanted.hasPrefix("*.") else { return name == wanted }
        let suffix = wanted.dropFirst(1)  // ".example.net"
        guard name.hasSuffix(suffix) else { return false }
        let label = name.dropLast(suffix.count)
        return !label.isEmpty && !label.contains(".")
    }
}
