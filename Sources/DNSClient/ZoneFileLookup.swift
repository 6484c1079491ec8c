/// A zone file answering for its own names as its servers will once it is loaded: records,
/// NODATA for a name that exists (or has names below it, RFC 8020), NXDOMAIN for one that
/// does not, CNAME chains and wildcards (RFC 4592). Names outside the zone, or below one of
/// its delegations, go to `base` (the resolver).
public struct ZoneFileLookup: DNSLookup {
    public let base: any DNSLookup
    public let file: ZoneFile
    private let byName: [String: [DNSRecord]]
    /// Every owner name and every name between an owner and the apex (empty non-terminals).
    private let names: Set<String>
    /// Delegations inside the zone: names below them belong to another zone.
    private let cuts: Set<String>

    public init(base: any DNSLookup, file: ZoneFile) {
        self.base = base
        self.file = file
        var byName: [String: [DNSRecord]] = [:]
        var names: Set<String> = [file.origin]
        var cuts: Set<String> = []
        for record in file.records {
            let owner = DNSName.absolute(record.name)
            byName[owner, default: []].append(record)
            if record.type == .NS && owner != file.origin { cuts.insert(owner) }
            var name = owner
            while name != file.origin, name.hasSuffix("." + file.origin), !names.contains(name) {
                names.insert(name)
                name = String(name[name.index(after: name.firstIndex(of: ".")!)...])
            }
        }
        self.byName = byName
        self.names = names
        self.cuts = cuts
    }

    /// At or below the apex, and not at or below a delegation inside it.
    private func answersFor(_ name: String) -> Bool {
        guard name == file.origin || name.hasSuffix("." + file.origin) else { return false }
        return !cuts.contains { name == $0 || name.hasSuffix("." + $0) }
    }

    /// The records at `name`: its own, or those its closest encloser's wildcard gives it
    /// (RFC 4592 §3.3.1, owner renamed); `exists` when the name, or a wildcard, exists.
    private func records(at name: String) -> (records: [DNSRecord], exists: Bool) {
        if let own = byName[name] { return (own, true) }
        if names.contains(name) { return ([], true) }
        var encloser = name
        while encloser != file.origin && !names.contains(encloser), let dot = encloser.firstIndex(of: ".") {
            encloser = String(encloser[encloser.index(after: dot)...])
        }
        guard let wildcard = byName["*." + encloser] else { return ([], false) }
        return (wildcard.map { DNSRecord(name: name, type: $0.type, ttl: $0.ttl, data: $0.data) }, true)
    }

    public func answer(_ question: DNSQuestion) async -> DNSAnswer {
        let asked = DNSName.absolute(question.name)
        guard answersFor(asked) else { return await base.answer(question) }
        var current = asked
        var chain: [String] = []
        // CNAMEs, exact or through a wildcard (RFC 4592 §4.3), followed in the zone; out of it
        // through the resolver.
        if question.type != .CNAME {
            while let link = records(at: current).records.first(where: { $0.type == .CNAME }), case .cname(let target) = link.data, chain.count < 16 {
                chain.append(target)
                current = DNSName.absolute(target)
                guard answersFor(current) else {
                    var outside = await base.answer(DNSQuestion(name: current, type: question.type, checkingDisabled: question.checkingDisabled))
                    outside.question = question
                    outside.cnameChain = chain + outside.cnameChain
                    return outside
                }
            }
        }
        var answer = DNSAnswer(question: question, outcome: .records)
        answer.cnameChain = chain
        answer.authoritative = true
        answer.server = "zone file \(file.path)"
        answer.rcode = "NOERROR"
        let (all, exists) = records(at: current)
        answer.records = all.filter { $0.type == question.type }.sorted { DNSRData.canonicallyBefore($0.data, $1.data) }
        if answer.records.isEmpty {
            answer.outcome = exists ? .nodata : .nxdomain
            if !exists { answer.rcode = "NXDOMAIN" }
        }
        return answer
    }
}
