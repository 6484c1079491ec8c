import Foundation

/// Validates JSON against a JSON Schema, for the keywords the report schema uses: type,
/// properties, required, additionalProperties (false), items, enum, const, anyOf,
/// if/then/else and local $ref (#/$defs/...). Written here because no JSON Schema package is on this machine's package
/// mirror; it fails on a keyword it does not know, so the schema cannot outgrow it silently.
/// (@unchecked: the schema is a JSON object tree, only read after init.)
public struct JSONSchemaValidator: @unchecked Sendable {
    let root: [String: Any]
    static let known: Set<String> = ["$schema", "$id", "$defs", "$ref", "title", "description", "type", "properties", "required",
                                     "additionalProperties", "items", "enum", "const", "anyOf", "if", "then", "else"]

    public init(schema: Data) throws {
        root = try JSONSerialization.jsonObject(with: schema) as? [String: Any] ?? [:]
    }

    /// Every violation, as "path: problem"; empty when the document is valid. With
    /// `definition`, against `#/$defs/<definition>` instead of the whole schema.
    public func validate(_ document: Data, against definition: String? = nil) throws -> [String] {
        let value = try JSONSerialization.jsonObject(with: document, options: [.fragmentsAllowed])
        var problems: [String] = []
        var schema = root
        if let definition {
            guard let found = (root["$defs"] as? [String: Any])?[definition] as? [String: Any] else {
                return ["$: the schema has no definition '\(definition)'"]
            }
            schema = found
        }
        check(value, against: schema, path: "$", problems: &problems)
        return problems
    }

    /// The `enum` list at a path of property names below `#/$defs/<definition>` (through
    /// `properties` and `items`), for comparing the schema's vocabularies with the code's.
    public func enumeration(in definition: String, at path: [String]) -> [String]? {
        var node = (root["$defs"] as? [String: Any])?[definition] as? [String: Any]
        for step in path {
            if let ref = node?["$ref"] as? String {
                node = (root["$defs"] as? [String: Any])?[ref.replacingOccurrences(of: "#/$defs/", with: "")] as? [String: Any]
            }
            if step == "[]" {
                node = node?["items"] as? [String: Any]
            } else {
                node = (node?["properties"] as? [String: Any])?[step] as? [String: Any]
            }
        }
        if let ref = node?["$ref"] as? String {
            node = (root["$defs"] as? [String: Any])?[ref.replacingOccurrences(of: "#/$defs/", with: "")] as? [String: Any]
        }
        return node?["enum"] as? [String]
    }

    private func check(_ value: Any, against schema: [String: Any], path: String, problems: inout [String]) {
        for key in schema.keys where !Self.known.contains(key) {
            problems.append("\(path): the validator does not know the keyword '\(key)'")
        }
        if let ref = schema["$ref"] as? String {
            let name = ref.replacingOccurrences(of: "#/$defs/", with: "")
            guard let target = (root["$defs"] as? [String: Any])?[name] as? [String: Any] else {
                problems.append("\(path): unresolved $ref \(ref)")
                return
            }
            check(value, against: target, path: path, problems: &problems)
        }
        if let alternatives = schema["anyOf"] as? [[String: Any]] {
            let results = alternatives.map { alternative -> [String] in
                var found: [String] = []
                check(value, against: alternative, path: path, problems: &found)
                return found
            }
            if !results.contains(where: \.isEmpty) {
                problems.append("\(path): matches none of \(alternatives.count) alternatives (closest: \(results.min { $0.count < $1.count }?.first ?? "?"))")
            }
        }
        if let condition = schema["if"] as? [String: Any] {
            var unmet: [String] = []
            check(value, against: condition, path: path, problems: &unmet)
            if let branch = schema[unmet.isEmpty ? "then" : "else"] as? [String: Any] {
                check(value, against: branch, path: path, problems: &problems)
            }
        }
        if let constant = schema["const"], !Self.same(constant, value) {
            problems.append("\(path): \(value) is not \(constant)")
        }
        if let type = schema["type"] as? String, !Self.isType(value, type) {
            problems.append("\(path): expected \(type), found \(Self.describe(value))")
            return
        }
        if let allowed = schema["enum"] as? [Any], !allowed.contains(where: { Self.same($0, value) }) {
            problems.append("\(path): \(value) is not one of \(allowed)")
        }
        if let object = value as? [String: Any] {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for required in schema["required"] as? [String] ?? [] where object[required] == nil {
                problems.append("\(path): '\(required)' is missing")
            }
            for (key, item) in object {
                if let property = properties[key] as? [String: Any] {
                    check(item, against: property, path: "\(path).\(key)", problems: &problems)
                } else if let additional = schema["additionalProperties"] as? Bool, !additional {
                    problems.append("\(path): '\(key)' is not allowed")
                }
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (index, item) in array.enumerated() { check(item, against: items, path: "\(path)[\(index)]", problems: &problems) }
        }
    }

    static func isType(_ value: Any, _ type: String) -> Bool {
        switch type {
        case "object": return value is [String: Any]
        case "array": return value is [Any]
        case "string": return value is String
        case "null": return value is NSNull
        case "boolean": return isBool(value)
        case "integer": return !isBool(value) && (value as? NSNumber).map { $0.doubleValue.rounded() == $0.doubleValue } ?? false
        case "number": return !isBool(value) && value is NSNumber
        default: return false
        }
    }

    static func isBool(_ value: Any) -> Bool {
        guard let number = value as? NSNumber else { return value is Bool }
        return String(cString: number.objCType) == "c" || type(of: value) == type(of: true as Any)
    }

    static func same(_ a: Any, _ b: Any) -> Bool {
        if let x = a as? String, let y = b as? String { return x == y }
        if let x = a as? NSNumber, let y = b as? NSNumber { return x == y }
        return false
    }

    static func describe(_ value: Any) -> String {
        switch value {
        case is String: return "a string"
        case is [Any]: return "an array"
        case is [String: Any]: return "an object"
        case is NSNull: return "null"
        default: return "\(value)"
        }
    }
}
