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
