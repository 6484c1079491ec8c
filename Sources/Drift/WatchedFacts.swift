import MailFacts

/// The facts drift watches (issue: "the fact changes that matter even when no rule fires"),
/// read from a typed FactSet. Values are sorted where the DNS gives a set (an RRset has no
/// order, RFC 2181 §5), so a resolver's rotation is not a change.
public enum WatchedFacts {
    /// A hidden fact: the servers were probed (not `--no-smtp`).
    static let probedKey = "_probed"
    /// The MTA-STS policy's mode: the policy is fetched with the probes.
    static let policyModeKey = "mtasts.mode"
    /// The keys of what a server said, per endpoint.
    static let endpointPrefixes = ["starttls:", "tls:", "certificate."]

    public static func of(_ facts: FactSet) -> [WatchedFact] {
        var out: [WatchedFact] = []
        func add(_ key: String, _ label: String, _ value: String?) { out.append(WatchedFact(key: key, label: label, value: value)) }

        if let dnssec = facts.dnssec {
            add("dnssec", "DNSSEC status", dnssec.status == .indeterminate ? nil : dnssec.status.rawValue)
        }
        if let mx = facts.mx {
            let value: String?
            if mx.lookup.outcome.isFailure { value = nil }
            else if mx.nullMX { value = "null MX (no mail)" }
            else if mx.records.isEmpty { value = "none" }
            else { value = mx.records.map { "\($0.preference) \($0.exchange)" }.sorted(by: Self.byPreference).joined(separator: ", ") }
            add("mx", "MX set", value)
            for exchange in mx.exchanges {
                let records = exchange.tlsa.records.map { "\($0.usage) \($0.selector) \($0.matchingType) \($0.data)" }.sorted()
                add("tlsa:\(exchange.tlsa.name)", "TLSA records at \(exchange.tlsa.name)",
                    exchange.tlsa.lookup.outcome.isFailure ? nil : (records.isEmpty ? "none" : records.joined(separator: ", ")))
            }
        }
        if let spf = facts.spf {
            let failed = spf.status.isFailure
            add("spf.record", "SPF record", failed ? nil : (spf.records.isEmpty ? "none" : spf.records.sorted().joined(separator: " | ")))
            add("spf.all", "SPF effective all", failed ? nil : spf.effectiveAll ?? "none")
        }
        if let dmarc = facts.dmarc {
            let failed = dmarc.status.isFailure
            let record = dmarc.record
            add("dmarc.p", "DMARC p", failed ? nil : record?.p ?? (record == nil ? "no record" : "none given"))
            add("dmarc.sp", "DMARC sp", failed ? nil : record.map { $0.sp ?? "as p" } ?? "no record")
            add("dmarc.rua", "DMARC rua", failed ? nil : record.map { $0.rua.map(\.uri).sorted().joined(separator: ", ") }.map { $0.isEmpty ? "none" : $0 } ?? "no record")
        }
        if let dkim = facts.dkim {
            // A selector's key as its record: a changed key is a changed record.
            for selector in dkim.selectors.sorted(by: { $0.selector < $1.selector }) {
                let keys = selector.keys.map(\.record).sorted()
                if selector.lookup.outcome.isFailure {
                    add("dkim:\(selector.selector)", "DKIM key at selector \(selector.selector)", nil)
                } else if !keys.isEmpty || selector.source != .common {
                    add("dkim:\(selector.selector)", "DKIM key at selector \(selector.selector)", keys.isEmpty ? "none" : keys.joined(separator: " | "))
                }
            }
        }
        if let sts = facts.mtaSts {
            let failed = sts.status.isFailure
            add("mtasts.id", "MTA-STS id", failed ? nil : sts.id ?? "no record")
        }
        if let policy = facts.mtaStsPolicy {
            add(policyModeKey, "MTA-STS policy mode", policy.policy?.mode?.rawValue ?? (policy.fetch.outcome == .ok ? "none" : nil))
        }
        // Probes off (--no-smtp) is not "probed": what servers said is then not seen, not removed.
        if let smtp = facts.smtp, smtp.status != .skipped { add(probedKey, "server probes", "on") }
        for endpoint in (facts.smtp?.endpoints ?? []) + (facts.submission?.endpoints ?? []) {
            let name = "\(endpoint.host) [\(endpoint.address)]:\(endpoint.port)"
            // What the server said is known only when the dialogue got that far; a timeout,
            // a refusal or a reset says nothing about its TLS or certificate: not seen.
            let reached = endpoint.probe.outcome == .done && endpoint.ehlo != nil
            let tls = endpoint.tls
            add("starttls:\(name)", "STARTTLS on \(name)",
                reached ? (endpoint.ehlo!.starttls || tls?.implicit == true ? "offered" : "not offered") : nil)
            add("tls:\(name)", "TLS version of \(name)",
                reached ? (tls?.status == .ok ? tls?.version : "none (\(tls?.status.rawValue ?? "not offered"))") : nil)
            let leaf = tls?.status == .ok ? tls?.chain.first : nil
            add("certificate.sha256:\(name)", "certificate fingerprint of \(name)", leaf?.sha256)
            add("certificate.issuer:\(name)", "certificate issuer of \(name)", leaf?.issuer)
            add("certificate.notAfter:\(name)", "certificate expiry of \(name)", leaf?.notAfter)
        }
        return out
    }

    /// "10 a" before "20 b", numerically.
    static func byPreference(_ a: String, _ b: String) -> Bool {
        let pa = Int(a.prefix { $0 != " " }) ?? 0, pb = Int(b.prefix { $0 != " " }) ?? 0
        return (pa, a) < (pb, b)
    }
}
