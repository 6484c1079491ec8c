import Foundation

/// An NSD of its own for one scenario of a DNS test suite (the SPF suite's `zonedata`):
/// authoritative for the root zone, so that every name the scenario gives exists exactly as
/// written and every other name is NXDOMAIN, on its own loopback address. `TIMEOUT` names
/// are served through a relay that drops their queries when NSD has no record to give.
public final class ScenarioNSD: @unchecked Sendable {
    public let address: String
    public let folder: URL
    /// What to pass as `--resolver`: NSD itself, or the relay when the scenario has TIMEOUT names.
    public private(set) var resolver: String
    private var relay: FakeUDPServer?
    /// Names left out of the zone because DNS cannot hold them (label over 63 or name over
    /// 255 octets), with why.
    public private(set) var skipped: [String] = []

    public enum Record {
        case a(String), aaaa(String), mx(Int, String), ptr(String), cname(String), txt([[UInt8]])
    }

    /// With `signed`, the DS records of the signed root zone's key, in zone-file form: the
    /// trust anchor to validate its names from (`--trust-anchor`).
    public private(set) var trustAnchorFile: String?

    /// `signed`: the root zone is signed (ldns-signzone, ECDSA P-256, NSEC). `delegated`:
    /// names that become zones of their own, unsigned, served by the same NSD and delegated
    /// from the root without DS (insecure delegations, as most domains are); every name at or
    /// below one of them goes into its zone.
    public init(address: String, names: [String: [Record]], timeouts: Set<String>, folder: URL,
                signed: Bool = false, delegated: Set<String> = []) throws {
        self.address = address
        self.folder = folder
        self.resolver = address
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let header = """
            $TTL 300
            . SOA ns.invalid. hostmaster.invalid. 1 3600 600 86400 60
            . NS ns.invalid.
            ns.invalid. A 127.0.0.1

            """
        let apexes = Set(delegated.compactMap { Self.presentation($0)?.lowercased() })
        var zones: [String: String] = [".": header]
        for apex in apexes {
            zones["."]! += "\(apex) NS ns.invalid.\n"
            zones[apex] = "$TTL 300\n\(apex) SOA ns.invalid. hostmaster.invalid. 1 3600 600 86400 60\n\(apex) NS ns.invalid.\n"
        }
        // The zone of a name: the nearest delegated apex at or above it (its labels walked up).
        func zoneOf(_ owner: String) -> String {
            guard !apexes.isEmpty else { return "." }
            var rest = Substring(owner.lowercased())
            while !rest.isEmpty, rest != "." {
                if apexes.contains(String(rest)) { return String(rest) }
                guard let dot = rest.firstIndex(of: ".") else { break }
                rest = rest[rest.index(after: dot)...]
            }
            return "."
        }
        for (name, records) in names.sorted(by: { $0.key < $1.key }) {
            guard let owner = Self.presentation(name) else {
                skipped.append("\(name): not a DNS name (a label over 63 or the name over 255 octets)")
                continue
            }
            // Appended in place (a copy per name would make a large zone quadratic).
            let zoneName = zoneOf(owner)
            var zone = zones.removeValue(forKey: zoneName) ?? ""
            defer { zones[zoneName] = zone }
            // A CNAME stands alone at its name (RFC 1034 §3.6.2).
            let kept = records.contains { if case .cname = $0 { return true } else { return false } }
                ? records.filter { if case .cname = $0 { return true } else { return false } }.prefix(1).map { $0 } : records
            for record in kept {
                switch record {
                case .a(let ip): zone += "\(owner) A \(ip)\n"
                case .aaaa(let ip): zone += "\(owner) AAAA \(ip)\n"
                case .mx(let preference, let host): zone += "\(owner) MX \(preference) \(Self.presentation(host) ?? ".")\n"
                case .ptr(let host): zone += "\(owner) PTR \(Self.presentation(host) ?? ".")\n"
                case .cname(let host): zone += "\(owner) CNAME \(Self.presentation(host) ?? ".")\n"
                case .txt(let strings):
                    // A string over 255 octets is split into character-strings (RFC 1035 §3.3).
                    let parts = strings.flatMap { bytes in
                        bytes.isEmpty ? [[]] : stride(from: 0, to: bytes.count, by: 255).map { Array(bytes[$0..<min(bytes.count, $0 + 255)]) }
                    }
                    zone += "\(owner) TXT " + (parts.isEmpty ? "\"\"" : parts.map(Self.quoted).joined(separator: " ")) + "\n"
                }
            }
        }
        let dir = folder.path
        var zoneEntries = ""
        for (name, text) in zones.sorted(by: { $0.key < $1.key }) {
            let file = name == "." ? "root.zone" : "\(name)zone"
            try text.write(to: folder.appendingPathComponent(file), atomically: true, encoding: .utf8)
            var served = file
            if name == ".", signed {
                served = try Self.sign(file, in: dir)
                trustAnchorFile = "\(dir)/trust-anchor.ds"
            }
            zoneEntries += "zone:\n    name: \"\(name)\"\n    zonefile: \"\(served)\"\n"
        }
        let config = """
            server:
                ip-address: \(address)
                port: 53
                username: ""
                chroot: ""
                database: ""
                zonesdir: "\(dir)"
                zonelistfile: "\(dir)/zone.list"
                xfrdfile: "\(dir)/xfrd.state"
                xfrdir: "\(dir)"
                pidfile: "\(dir)/nsd.pid"
                logfile: "\(dir)/nsd.log"
                server-count: 1
                verbosity: 1
                hide-version: yes
                rrl-ratelimit: 0
                rrl-whitelist-ratelimit: 0
            remote-control:
                control-enable: no

            """ + zoneEntries
        try config.write(to: folder.appendingPathComponent("nsd.conf"), atomically: true, encoding: .utf8)
        let started = Run.command(["/usr/sbin/nsd", "-c", "\(dir)/nsd.conf"], timeout: 20)
        guard started.status == 0 else {
            let log = (try? String(contentsOf: folder.appendingPathComponent("nsd.log"), encoding: .utf8)) ?? ""
            throw LabServerError(description: "nsd for \(address) did not start: \(started.stderr) \(log.suffix(800))")
        }
        // Wait until it answers (the SOA of the root).
        var answered = false
        for _ in 0..<100 where !answered {
            answered = Run.command(["/usr/bin/drill", "-Q", "@\(address)", ".", "SOA"], timeout: 5).status == 0
            if !answered { usleep(50_000) }
        }
        guard answered else { stop(); throw LabServerError(description: "nsd for \(address) does not answer") }
        if !timeouts.isEmpty {
            let dropped = Set(timeouts.compactMap { Self.presentation($0)?.lowercased() })
            let upstream = address
            relay = try FakeUDPServer { query in
                guard let response = LossyResolver.relay(query, to: upstream) else { return nil }
                // TIMEOUT: the name's queries go unanswered unless it has a record of the type.
                let answers = response.count >= 8 ? Int(response[6]) << 8 | Int(response[7]) : 0
                if answers == 0, let name = Self.questionName(query), dropped.contains(name.lowercased()) { return nil }
                return response
            }
            resolver = "\(relay!.address):\(relay!.port)"
        }
    }

    /// Signs the zone file `file` of the root (a new key pair, NSEC, signatures valid from an
    /// hour ago for thirty days) and writes its DS to trust-anchor.ds; returns the signed file's name.
    private static func sign(_ file: String, in dir: String) throws -> String {
        func run(_ arguments: [String]) throws -> String {
            let result = Run.command(["/bin/sh", "-c", "cd '\(dir)' && " + arguments.map { "'\($0)'" }.joined(separator: " ")], timeout: 120)
            guard result.status == 0 else { throw LabServerError(description: "\(arguments.joined(separator: " ")): \(result.stderr)") }
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let ksk = try run(["ldns-keygen", "-a", "ECDSAP256SHA256", "-k", "."])
        let zsk = try run(["ldns-keygen", "-a", "ECDSAP256SHA256", "."])
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.calendar = Calendar(identifier: .gregorian)
        format.dateFormat = "yyyyMMddHHmmss"
        format.timeZone = TimeZone(identifier: "UTC")
        _ = try run(["ldns-signzone", "-i", format.string(from: Date().addingTimeInterval(-3600)),
                     "-e", format.string(from: Date().addingTimeInterval(30 * 86_400)), "-f", "\(file).signed", file, zsk, ksk])
        let ds = try run(["ldns-key2ds", "-n", "-2", "\(ksk).key"])
        try (ds + "\n").write(toFile: "\(dir)/trust-anchor.ds", atomically: true, encoding: .utf8)
        return "\(file).signed"
    }

    public func stop() {
        relay?.stop()
        if let pid = try? String(contentsOf: folder.appendingPathComponent("nsd.pid"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines), let number = Int32(pid) {
            kill(number, SIGTERM)
        }
    }

    /// A name in zone-file form, absolute; every octet but letters, digits, '-' and '_'
    /// escaped as \DDD. Nil when DNS cannot hold it.
    public static func presentation(_ name: String) -> String? {
        var text = name
        if text.hasSuffix(".") { text.removeLast() }
        if text.isEmpty { return "." }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false).map { Array($0.utf8) }
        guard labels.allSatisfy({ !$0.isEmpty && $0.count <= 63 }),
              labels.reduce(1, { $0 + $1.count + 1 }) <= 255 else { return nil }
        return labels.map(escaped).joined(separator: ".") + "."
    }

    private static func escaped(_ label: [UInt8]) -> String {
        label.map { byte -> String in
            let c = Character(Unicode.Scalar(byte))
            return (c.isASCII && (c.isLetter || c.isNumber)) || c == "-" || c == "_" ? String(c) : String(format: "\\%03d", byte)
        }.joined()
    }

    static func quoted(_ bytes: [UInt8]) -> String {
        "\"" + bytes.map { byte in
            byte >= 0x20 && byte < 0x7f && byte != 0x22 && byte != 0x5c ? String(Character(Unicode.Scalar(byte))) : String(format: "\\%03d", byte)
        }.joined() + "\""
    }

    /// The question name of a query, in the same escaped form as `presentation`.
    static func questionName(_ query: [UInt8]) -> String? {
        var offset = 12, labels: [String] = []
        while offset < query.count {
            let length = Int(query[offset])
            if length == 0 { return labels.joined(separator: ".") + "." }
            guard length < 64, offset + 1 + length <= query.count else { return nil }
            let label = Array(query[(offset + 1)...(offset + length)])
            labels.append(escaped(label))
            offset += 1 + length
        }
        return nil
    }
}
