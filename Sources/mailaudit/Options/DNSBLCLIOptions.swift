import ArgumentParser
import Collector
import MailFacts

/// `--dnsbl`, `--dbl`, `--dnsbl-lists`: the DNS blocklists to ask (none by default: lists
/// have usage policies, and a run should not query them unasked).
struct DNSBLCLIOptions: ParsableArguments {
    @Option(name: .customLong("dnsbl"), help: ArgumentHelp(
        "An IP blocklist to ask about each MX address, e.g. zen.spamhaus.org (repeatable; none by default).", valueName: "zone"))
    var ipZones: [String] = []

    @Option(name: .customLong("dbl"), help: ArgumentHelp(
        "A domain blocklist to ask about the domain, e.g. dbl.spamhaus.org (repeatable; none by default).", valueName: "zone"))
    var domainZones: [String] = []

    @Option(name: .customLong("dnsbl-lists"), help: ArgumentHelp(
        "A YAML file of further DNS lists and what their return codes mean, in the form of data/dnsbl-lists.yaml (its entries win).",
        valueName: "file"))
    var listsFile: String?

    func validate() throws {
        for (option, zone) in ipZones.map({ ("--dnsbl", $0) }) + domainZones.map({ ("--dbl", $0) }) {
            do { _ = try DomainName(zone) } catch {
                throw ValidationError("\(option) \(DNSBLCatalog.builtin.display(zone)): not a zone name (\(error.description.replacingOccurrences(of: zone, with: DNSBLCatalog.builtin.display(zone))))")
            }
        }
        if let both = ipZones.map(DNSBLCatalog.normal).first(where: Set(domainZones.map(DNSBLCatalog.normal)).contains) {
            throw ValidationError("\(DNSBLCatalog.builtin.display(both)) is named with both --dnsbl and --dbl; a list is of one kind")
        }
    }

    /// The lists to ask, or nil when none was named.
    func options() throws -> DNSBLOptions? {
        guard !ipZones.isEmpty || !domainZones.isEmpty else {
            if listsFile != nil { throw UserError("--dnsbl-lists: no list to ask; name them with --dnsbl or --dbl") }
            return nil
        }
        let options: DNSBLOptions
        do {
            options = DNSBLOptions(ipZones: ipZones, domainZones: domainZones, catalog: try DNSBLCatalog.builtin(adding: listsFile))
        } catch {
            throw UserError("--dnsbl-lists \(error.description); see data/dnsbl-lists.yaml for the form")
        }
        if let wrong = options.misnamed.first {
            let (used, right) = wrong.kind == .domain ? ("--dnsbl", "--dbl") : ("--dbl", "--dnsbl")
            throw UserError("\(used) \(options.catalog.display(wrong.zone)): this is \(wrong.kind == .domain ? "a domain" : "an IP address") list; name it with \(right)")
        }
        return options
    }

    /// For the run's record of its options: the zones as reports show them (a data-feed key
    /// as `<key>`), and the lists file.
    var summary: String? {
        let catalog = (try? DNSBLCatalog.builtin(adding: listsFile)) ?? .builtin
        let zones = ipZones.map { "ip:" + catalog.display($0) } + domainZones.map { "domain:" + catalog.display($0) }
            + (listsFile.map { ["lists:" + $0] } ?? [])
        return zones.isEmpty ? nil : zones.joined(separator: " ")
    }
}
