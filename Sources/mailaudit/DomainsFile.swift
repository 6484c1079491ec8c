import Collector
import Foundation
import MailFacts
import Reports

/// A list of domains for `audit --domains-file`: one domain per line, optionally with
/// settings of its own, and comments:
///
///     # our domains
///     example.org  dkim=s1,s2     # the selectors its mail is signed with
///     example.net
///
/// `#` starts a comment anywhere on a line; blank lines are skipped. Settings are `key=value`
/// after the domain: `dkim=SELECTOR[,SELECTOR...]` adds DKIM selectors for that domain.
///
/// A line that cannot be read (not a domain name, a bad setting, not UTF-8) does not stop
/// the run: every such line is reported at once (file:line), in the report itself and on
/// standard error, the run exits at least 3 (UNKNOWN), and the other lines are audited. A
/// nightly run must not lose every domain to one colleague's typo, nor hide it (README,
/// "A domains file"). A domain named twice (`good.test`, `GOOD.TEST`, `good.test.`) is
/// audited once, with the selectors of every line, and the repeat is noted.
enum DomainsFile {
    struct Contents {
        var targets: [CollectionTarget] = []
        /// `file:line: why`, for every line that could not be used.
        var errors: [String] = []
        /// `file:line: NAME is DOMAIN again (line N): audited once`.
        var duplicates: [String] = []
        /// Where each domain stands in `targets`, and the place it was first named.
        private var seen: [String: (index: Int, place: String)] = [:]

        /// `target` once: a domain named again adds its selectors to the first naming and is
        /// noted as a repeat (`place` is where it was named, `as` how it was written there).
        mutating func add(_ target: CollectionTarget, place: String, as written: String) {
            guard let earlier = seen[target.domain.ascii] else {
                seen[target.domain.ascii] = (targets.count, place)
                targets.append(target)
                return
            }
            for selector in target.dkimSelectors where !targets[earlier.index].dkimSelectors.contains(selector) {
                targets[earlier.index].dkimSelectors.append(selector)
            }
            if let approved = target.approved {
                var merged = targets[earlier.index].approved ?? ApprovedHostsFact(mx: [], ns: [], source: approved.source)
                merged.mx += approved.mx.filter { !merged.mx.contains($0) }
                merged.ns += approved.ns.filter { !merged.ns.contains($0) }
                targets[earlier.index].approved = merged
            }
            duplicates.append("\(place): \(written) is \(target.domain.ascii) again (\(earlier.place)): audited once")
        }
    }

    static func read(_ path: String) throws -> Contents {
        parse(try InputFile.read(path), file: path)
    }

    static func parse(_ text: String, file: String) -> Contents {
        parse(Data(text.utf8), file: file)
    }

    static func parse(_ data: Data, file: String) -> Contents {
        var contents = Contents()
        let rawLines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for (index, bytes) in rawLines.enumerated() {
            let place = "\(file):\(index + 1)"
            guard let rawLine = String(data: Data(bytes), encoding: .utf8) else {
                contents.errors.append("\(place): not UTF-8 text (save the file as UTF-8)")
                continue
            }
            let line = rawLine.prefix { $0 != "#" }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            guard let first = fields.first else { continue }
            var target: CollectionTarget
            do { target = CollectionTarget(try DomainName(String(first))) } catch {
                if fields.count > 1, !fields[1].contains("=") {
                    let text = fields.prefix(2).joined(separator: " ")
                    contents.errors.append("\(place): '\(InertText.escape(text))' is not a domain name: it has a space in it")
                } else {
                    contents.errors.append("\(place): \(InertText.escape(error.description))")
                }
                continue
            }
            var problem: String?
            for setting in fields.dropFirst() where problem == nil {
                let parts = setting.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2, !parts[1].isEmpty else {
                    problem = "'\(InertText.escape(String(setting)))' is not a setting; write key=value (dkim=s1,s2), with no space after a comma"
                    continue
                }
                switch parts[0] {
                case "dkim":
                    let selectors = parts[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                    if let bad = selectors.lazy.compactMap(DKIMSelectorSyntax.problem).first {
                        problem = "dkim=\(InertText.escape(String(parts[1]))): \(bad)"
                    } else {
                        target.dkimSelectors += selectors
                    }
                case "mx", "ns":
                    let written = parts[1].split(separator: ",", omittingEmptySubsequences: false).map { String($0).lowercased() }
                    // Kept in A-label form (IDNA), as host names reach the rules.
                    let patterns = written.map(Self.asciiPattern)
                    if let bad = written.first(where: { !Self.isHostPattern($0) }) {
                        problem = "\(parts[0])=\(InertText.escape(String(parts[1]))): '\(InertText.escape(bad))' is not a host name or *.SUFFIX"
                    } else {
                        var approved = target.approved ?? ApprovedHostsFact(mx: [], ns: [], source: place)
                        if parts[0] == "mx" { approved.mx += patterns } else { approved.ns += patterns }
                        target.approved = approved
                    }
                default:
                    problem = "unknown setting '\(InertText.escape(String(parts[0])))'; the known ones are dkim=SELECTOR[,SELECTOR...], mx=HOST[,*.SUFFIX...] and ns=HOST[,*.SUFFIX...]"
                }
            }
            if let problem {
                contents.errors.append("\(place): \(problem)")
                continue
            }
            contents.add(target, place: place, as: InertText.escape(String(first)))
        }
        return contents
    }

    /// The pattern with its name in A-label form (`*.bücher.example` → `*.xn--bcher-kva.example`).
    static func asciiPattern(_ text: String) -> String {
        let wild = text.hasPrefix("*.")
        let name = wild ? String(text.dropFirst(2)) : text
        guard let ascii = try? DomainName(name).ascii else { return text }
        return (wild ? "*." : "") + ascii
    }

    /// A host name, or `*.` and a host name (one left-most label, as MTA-STS writes them).
    static func isHostPattern(_ text: String) -> Bool {
        let name = text.hasPrefix("*.") ? String(text.dropFirst(2)) : text
        return !name.isEmpty && !name.contains("*") && (try? DomainName(name)) != nil
    }
}
