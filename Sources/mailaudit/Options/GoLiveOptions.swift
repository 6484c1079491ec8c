import ArgumentParser
import DNSClient
import MailFacts
import NetworkSupport

/// A domain audited before it goes live: asked of the servers it will be delegated to
/// (`--ns`, Zonemaster's undelegated test), or read from its zone file (`--zone-file`).
struct GoLiveOptions: ParsableArguments {
    @Option(name: .customLong("ns"), help: ArgumentHelp(
        "Audit the domain as if it were delegated to this name server (repeatable; Zonemaster's undelegated test): its own "
            + "names are asked of these servers, everything else of the resolver. NAME, or NAME=ADDRESS for a server not in the DNS yet.",
        valueName: "name[=address]"))
    var ns: [String] = []

    @Option(name: .customLong("zone-file"), help: ArgumentHelp(
        "Audit the domain from this zone file, before it is loaded on any server: its records are judged as if served "
            + "($INCLUDE is refused). Its name servers are not asked.", valueName: "file"))
    var zoneFile: String?

    var isSet: Bool { !ns.isEmpty || zoneFile != nil }

    func validate() throws {
        if !ns.isEmpty && zoneFile != nil { throw ValidationError("give --ns or --zone-file, not both") }
    }

    /// The servers of `--ns`: an address given, or looked up through `base`.
    func servers(base: any DNSLookup) async throws -> [PinnedServer] {
        var servers: [PinnedServer] = []
        for entry in ns {
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard let name = parts.first, !name.isEmpty else { throw UserError("--ns '\(entry)': give NAME or NAME=ADDRESS") }
            guard (try? DomainName(name)) != nil else { throw UserError("--ns \(entry): '\(name)' is not a host name; give NAME or NAME=ADDRESS") }
            if parts.count == 2 {
                guard let address = IPAddress(parts[1]) else { throw UserError("--ns \(entry): '\(parts[1])' is not an IP address; give NAME=ADDRESS") }
                servers.append(PinnedServer(name: name, address: address, given: true))
                continue
            }
            async let v4 = base.query(DNSName.absolute(name), .A)
            async let v6 = base.query(DNSName.absolute(name), .AAAA)
            let addresses = (await v4).records + (await v6).records
            let found = addresses.compactMap { record -> IPAddress? in
                switch record.data {
                case .a(let text), .aaaa(let text): IPAddress(text)
                default: nil
                }
            }
            guard !found.isEmpty else {
                throw UserError("--ns \(name): the resolver knows no address for it; give it as --ns \(name)=ADDRESS")
            }
            servers += found.map { PinnedServer(name: name, address: $0, given: false) }
        }
        return servers
    }

    /// The lookup the domain is collected through, and what the report says of it; nil in an
    /// ordinary audit.
    func prepare(_ domain: DomainName, base: any DNSLookup, timeout: Double) async throws -> (lookup: any DNSLookup, source: AuditSourceFact)? {
        if let zoneFile {
            let file: ZoneFile
            do { file = try ZoneFile.read(zoneFile, origin: domain.ascii) } catch { throw UserError(error.description) }
            let lookup = ZoneFileLookup(base: base, file: file)
            let keys = await lookup.query(domain.absolute, .DNSKEY).records.count
            let note = "\(domain.ascii) was read from \(zoneFile) (\(file.records.count) records); no server was asked for its records, "
                + "so nothing about its name servers is judged. " + Self.dnssecNote(keys)
            return (lookup, AuditSourceFact(kind: .zoneFile, zone: domain.ascii, file: zoneFile, records: file.records.count, dnskeys: keys, note: note))
        }
        guard !ns.isEmpty else { return nil }
        let servers = try await servers(base: base)
        let lookup = PinnedZoneLookup(base: base, zone: domain.absolute, servers: servers, timeout: timeout)
        let dnskey = await lookup.query(domain.absolute, .DNSKEY)
        let keys = [.records, .nodata, .nxdomain].contains(dnskey.outcome) ? dnskey.records.count : -1
        let named = servers.map(\.description).joined(separator: ", ")
        let note = "\(domain.ascii) is not yet delegated to \(named): its own names were asked of these servers, everything else of the resolver; "
            + "the parent's delegation and glue are judged after delegation. " + Self.dnssecNote(keys)
        return (lookup, AuditSourceFact(kind: .undelegated, zone: domain.ascii, servers: servers.map(\.description), dnskeys: max(0, keys), note: note))
    }

    static func dnssecNote(_ keys: Int) -> String {
        keys < 0 ? "DNSSEC: the zone's DNSKEY set could not be looked up from those servers."
            : keys > 0
            ? "DNSSEC: the zone is signed (\(keys) DNSKEY records), but its chain of trust cannot be validated until the parent publishes its DS."
            : "DNSSEC: the zone publishes no DNSKEY, so it is not signed."
    }
}
