/// A mistyped command gets the nearest real one.
enum CommandSuggestion {
    /// The message for `word` when it is not one of `commands`, or nil when it is.
    static func unknown(_ word: String, among commands: [String]) -> String? {
        guard !commands.contains(word) else { return nil }
        var hint = nearest(word, among: commands).map { "; did you mean '\($0)'?" } ?? ""
        if hint.isEmpty, word.contains(".") { hint = "; to audit a domain: mailaudit audit \(word)" }
        return "unknown command '\(word)'\(hint) (commands: \(commands.filter { $0 != "help" }.joined(separator: ", ")))"
    }

    /// The one of `words` nearest to `word`, when it is near enough to be a typing mistake.
    static func nearest(_ word: String, among words: [String]) -> String? {
        let nearest = words.map { ($0, distance(word.lowercased(), $0)) }.min { $0.1 < $1.1 }
        return nearest.flatMap { $0.1 <= max(2, $0.0.count / 3) ? $0.0 : nil }
    }

    /// Levenshtein distance, for short words.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in 1...max(1, b.count) where !b.isEmpty {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}
