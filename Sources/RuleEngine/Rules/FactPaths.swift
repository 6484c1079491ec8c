import Foundation
import MailFacts

/// Every path in the facts (`mx.exchanges` and, through lists, `mx.exchanges.name`), from
/// FactSchema.sample, for checking the paths a rule file reads.
public struct FactPaths: Sendable {
    /// Paths of the whole fact set, joined with dots; list elements add no segment.
    public let paths: Set<String>

    public static let facts: FactPaths = {
        FactPaths(paths: paths(of: (try? RuleSet.value(of: FactSchema.sample)) ?? .null))
    }()

    /// Every (normalised) path in a fact value.
    public static func paths(of value: CELValue) -> Set<String> {
        var paths: Set<String> = []
        collect(value, prefix: "", into: &paths)
        return Set(paths.map(normalized))
    }

    /// The SPF tree nests (`spf.tree.children.children...`): a node below is a node, so
    /// `children.` segments fold away (`spf.tree.children.domain` is `spf.tree.domain`).
    public static func normalized(_ path: String) -> String {
        path.replacingOccurrences(of: "children.", with: "")
    }

    private static func collect(_ value: CELValue, prefix: String, into paths: inout Set<String>) {
        switch value {
        case .map(let entries):
            for entry in entries {
                guard case .string(let key) = entry.key else { continue }
                let path = prefix.isEmpty ? key : prefix + "." + key
                paths.insert(path)
                collect(entry.value, prefix: path, into: &paths)
            }
        case .list(let items):
            for item in items { collect(item, prefix: prefix, into: &paths) }
        default:
            break
        }
    }

    /// The first path of `expr` that the facts do not have, or nil. Paths on `variable`
    /// (a rule's scope element) are read below `scope`; `facts` is the whole set.
    public func unknownPath(in expr: CELExpr, scope: String?, variable: String) -> String? {
        for path in expr.paths {
            // A profile's settings are not facts (ProfileLoader checks their names).
            guard let root = path.first, root != "settings", root != "parameters" else { continue }
            let full: [String]
            if root == "facts" {
                full = Array(path.dropFirst())
            } else if let scope, root == variable {
                full = scope.split(separator: ".").map(String.init) + path.dropFirst()
            } else {
                full = path
            }
            if !full.isEmpty && !paths.contains(Self.normalized(full.joined(separator: "."))) {
                return full.joined(separator: ".")
            }
        }
        return nil
    }
}
