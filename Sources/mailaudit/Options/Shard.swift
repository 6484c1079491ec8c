import ArgumentParser
import Crypto

/// `--shard K/N`: the stable share of a domain list that one of N runs audits.
struct Shard: ExpressibleByArgument, Equatable {
    let index: Int
    let count: Int

    init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    init?(argument: String) {
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { return nil }
        self.init(index: index, count: count)
    }

    static var defaultValueDescription: String { "K/N" }

    /// Whether the domain (its lower-case ASCII name) falls in this share.
    func contains(_ domain: String) -> Bool {
        Int(Self.hash(domain) % UInt64(count)) == index
    }

    /// The first 8 bytes of the name's SHA-256: the same on every machine and in every run
    /// (Swift's own `Hasher` is seeded per process), and spread evenly over the shares.
    static func hash(_ text: String) -> UInt64 {
        SHA256.hash(data: Array(text.utf8)).prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }
}
