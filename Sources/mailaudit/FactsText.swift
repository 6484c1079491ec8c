import Foundation
import Reports
import RuleEngine

/// The facts as text: one line per value, `path = value`, in sorted key order; every value
/// from outside made inert for the terminal.
enum FactsText {
    static func render(_ json: Data) -> String {
        guard let value = try? JSONDecoder().decode(CELValue.self, from: json) else { return "" }
        var lines: [String] = []
        walk(value, path: "", into: &lines)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func walk(_ value: CELValue, path: String, into lines: inout [String]) {
        switch value {
        case .map(let entries):
            if entries.isEmpty { lines.append("\(path) = {}") }
            for entry in entries {
                guard case .string(let key) = entry.key else { continue }
                walk(entry.value, path: path.isEmpty ? key : "\(path).\(key)", into: &lines)
            }
        case .list(let items):
            if items.isEmpty { lines.append("\(path) = []") }
            for (index, item) in items.enumerated() { walk(item, path: "\(path)[\(index)]", into: &lines) }
        case .string(let text):
            lines.append("\(path) = \(InertText.escape(text))")
        default:
            lines.append("\(path) = \(InertText.escape(value.description))")
        }
    }
}
