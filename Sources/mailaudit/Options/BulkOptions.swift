import ArgumentParser
import Crypto

/// Options for runs over many domains: a progress line, the run's figures, and a share of
/// the domain list for one of several machines.
struct BulkOptions: ParsableArguments {
    @Flag(inversion: .prefixedNo, help: ArgumentHelp(
        "A progress line on standard error (domains done, rate, time left, failures); default: only when standard error is a terminal."))
    var progress: Bool?

    @Flag(help: "At the end, one line of the run's figures on standard error (domains/s, DNS queries per domain, retransmissions, ...).")
    var stats = false

    @Option(help: ArgumentHelp(
        "Audit only share K of N of the domains (K from 0 to N-1, as a Kubernetes Indexed Job's completion index): "
            + "a domain's share comes from a hash of its name, so it does not change when the list is reordered.",
        valueName: "K/N"))
    var shard: Shard?

    func validate() throws {
        if let shard, !(shard.count >= 1 && shard.index >= 0 && shard.index < shard.count) {
            throw ValidationError("--shard \(shard.index)/\(shard.count): K must be from 0 to N-1 (e.g. --shard 0/4 ... --shard 3/4)")
        }
    }
}

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
