extension Collection where Element: Sendable {
    /// `transform` on every element at once (child tasks), the results in the elements' order:
    /// the one shape of every fan-out of the collector (selectors, exchanges, addresses,
    /// endpoints).
    func concurrentMap<T: Sendable>(_ transform: @escaping @Sendable (Element) async -> T) async -> [T] {
        await withTaskGroup(of: (Int, T).self) { group in
            for (index, element) in enumerated() {
                group.addTask { (index, await transform(element)) }
            }
            var found: [(Int, T)] = []
            for await item in group { found.append(item) }
            return found.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}
