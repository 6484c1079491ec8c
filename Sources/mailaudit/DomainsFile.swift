import Collector
import Foundation
import MailFacts

/// A list of domains for `audit --domains-file`: one domain per line, optionally with
/// settings of its own, and comments:
///
///     # our domains
///     example.org  dkim=s1,s2     # the selectors its mail is signed with
///     example.net
///
/// `#` starts a comment anywhere on a line; blank lines are skipped. Settings are `key=value`
/// after the domain: `dkim=SELECTOR[,SELECTOR...]` adds DKIM selectors for that domain.
enum DomainsFile {
    static func read(_ path: String) throws -> [CollectionTarget] {
        let data = try InputFile.read(path)
        guard let text = String(data: data, encoding: .utf8) else { throw UserError("\(path) is not UTF-8 text") }
        return try parse(text, file: path)
    }

    static func parse(_ text: String, file: String) throws -> [CollectionTarget] {
        var targets: [CollectionTarget] = []
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = rawLine.prefix { $0 != "#" }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            guard let first = fields.first else { continue }
            let place = "\(file):\(index + 1)"
            var target: CollectionTarget
            do { target = CollectionTarget(try DomainName(String(first))) } catch {
                throw UserError("\(place): \(error.description)")
            }
            for setting in fields.dropFirst() {
                let parts = setting.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, !parts[1].isEmpty else {
                    throw UserError("\(place): '\(setting)' is not a setting; write key=value (dkim=s1,s2)")
                }
                switch parts[0] {
                case "dkim":
                    target.dkimSelectors += parts[1].split(separator: ",").map(String.init).filter { !$0.isEmpty }
                default:
                    throw UserError("\(place): unknown setting '\(parts[0])'; the one known is dkim=SELECTOR[,SELECTOR...]")
                }
            }
            targets.append(target)
        }
        return targets
    }
}
