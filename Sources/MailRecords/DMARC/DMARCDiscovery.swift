import MailFacts

/// Finds the DMARC policy that applies to a domain and reads it: the RFC 9989 §4.10 DNS
/// tree walk (which replaces RFC 7489 §6.6.3's organizational-domain lookup), the effective
/// policy and its source, and the authorisation of external report destinations
/// (RFC 7489 §7.1).
public struct DMARCDiscovery: Sendable {
    public let resolver: any TXTResolver
    public let publicSuffixList: PublicSuffixList?

    public init(resolver: any TXTResolver, publicSuffixList: PublicSuffixList?) {
        self.resolver = resolver
        self.publicSuffixList = publicSuffixList
    }

    public func discover(_ domain: String) async -> DMARCFacts {
        let domain = DomainNameLabel.normalized(domain)
        var facts = DMARCFacts(domain: domain, status: .none)
        facts.organizationalDomainRFC7489 = publicSuffixList?.organizationalDomain(of: domain)

        // RFC 9989 §4.10: the domain itself, then (for 8 or more labels) the name shortened
        // to 7 labels, then one label less at a time (at most 8 queries), stopping at a
        // psd=n record. The first
        // record found is the policy; the walk goes on to the top for the organizational
        // domain (§4.10.2).
        var found: (domain: String, record: DMARCRecord)?
        var highest: (domain: String, record: DMARCRecord)?
        for (index, target) in Self.walkTargets(domain).enumerated() {
            let name = "_dmarc." + target
            let step: DMARCWalkStepFact
            switch await resolver.txt(name) {
            case .failed(let reason):
                facts.treeWalk.append(DMARCWalkStepFact(name: name, lookup: .failed(reason), records: []))
                if found == nil {
                    facts.status = .lookupFailed
                    return facts
                }
                continue
            case .nodata:
                step = DMARCWalkStepFact(name: name, lookup: .nodata, records: [])
            case .nxdomain:
                step = DMARCWalkStepFact(name: name, lookup: .nxdomain, records: [])
            case .found(let texts):
                step = DMARCWalkStepFact(name: name, lookup: .records, records: texts.filter(DMARCRecord.isDMARC))
            }
            facts.treeWalk.append(step)
            if index == 0 { facts.recordsAtDomain = step.records }
            // Several records at one name are all discarded, and the walk goes on (§4.10 step 2).
            guard step.records.count == 1 else { continue }
            let record = DMARCRecord(step.records[0], basis: .rfc9989)
            if found == nil { found = (target, record) }
            highest = (target, record)
            if record.publicSuffixDomain == "n" { break }
        }
        facts.organizationalDomainRFC9989 = Self.organizationalDomain(domain, highest: highest)
        // RFC 7489 §6.6.3: the domain's own record, else the organizational domain's.
        if facts.recordsAtDomain.count == 1 {
            facts.policyDomainRFC7489 = domain
        } else if let organization = facts.organizationalDomainRFC7489,
                  facts.treeWalk.first(where: { $0.name == "_dmarc." + organization })?.records.count == 1 {
            facts.policyDomainRFC7489 = organization
        }

        // Several records at the domain is the finding, whatever a parent publishes.
        let multiple = facts.recordsAtDomain.count > 1
        guard let (policyDomain, record) = found else {
            if multiple { facts.status = .multipleRecords }
            return facts
        }
        facts.policyDomain = policyDomain
        facts.inherited = policyDomain != domain
        facts.record = Self.fact(record)
        if !record.isValid {
            facts.status = .invalid
        } else {
            facts.status = facts.inherited ? .inherited : .found
        }
        if facts.inherited {
            facts.effectivePolicy = record.effectiveSubdomainPolicy?.rawValue
            facts.effectivePolicySource = record.subdomainPolicy != nil ? "sp at \(policyDomain)" : "p at \(policyDomain) (no sp)"
        } else {
            facts.effectivePolicy = record.policy?.rawValue
            facts.effectivePolicySource = record.policyExplicit ? "p at \(policyDomain)" : "default none (no p at \(policyDomain))"
        }
        if multiple { facts.status = .multipleRecords }
        facts.reportDestinations = await destinations(record, policyDomain: policyDomain)
        return facts
    }

    /// The names the tree walk asks, in order (RFC 9989 §4.10: at most 8 queries).
    static func walkTargets(_ domain: String) -> [String] {
        var labels = domain.split(separator: ".").map(String.init)
        var targets = [labels.joined(separator: ".")]
        if labels.count >= 8 { labels = Array(labels.suffix(7)) } else { labels.removeFirst() }
        while !labels.isEmpty {
            targets.append(labels.joined(separator: "."))
            labels.removeFirst()
        }
        return targets
    }

    /// RFC 9989 §4.10.2: a psd=n record's domain is the organizational domain; below a psd=y
    /// record it is the domain one label under it; otherwise the highest domain with a record.
    static func organizationalDomain(_ domain: String, highest: (domain: String, record: DMARCRecord)?) -> String? {
        guard let (name, record) = highest else { return nil }
        if record.publicSuffixDomain == "y" {
            let labels = domain.split(separator: ".")
            let count = name.split(separator: ".").count + 1
            return labels.count >= count ? labels.suffix(count).joined(separator: ".") : nil
        }
        return name
    }

    /// rua/ruf destinations; external ones are asked whether they accept (RFC 7489 §7.1).
    private func destinations(_ record: DMARCRecord, policyDomain: String) async -> [DMARCReportDestinationFact] {
        var result: [DMARCReportDestinationFact] = []
        let ownOrganization = publicSuffixList?.organizationalDomain(of: policyDomain) ?? policyDomain
        for (tag, uris) in [("rua", record.aggregateReports), ("ruf", record.failureReports)] {
            for uri in uris {
                guard let address = uri.address, let at = address.lastIndex(of: "@") else {
                    result.append(DMARCReportDestinationFact(tag: tag, uri: uri.uri, domain: nil, external: false))
                    continue
                }
                let destination = DomainNameLabel.normalized(String(address[address.index(after: at)...]))
                let organization = publicSuffixList?.organizationalDomain(of: destination) ?? destination
                var fact = DMARCReportDestinationFact(tag: tag, uri: uri.uri, domain: destination, external: organization != ownOrganization)
                if fact.external {
                    let name = "\(policyDomain)._report._dmarc.\(destination)"
                    fact.authorizationName = name
                    switch await resolver.txt(name) {
                    case .found(let texts):
                        fact.authorizationLookup = .records
                        fact.authorized = texts.contains(where: DMARCRecord.isDMARC)
                    case .nodata: fact.authorizationLookup = .nodata; fact.authorized = false
                    case .nxdomain: fact.authorizationLookup = .nxdomain; fact.authorized = false
                    case .failed(let reason): fact.authorizationLookup = .failed(reason)
                    }
                }
                result.append(fact)
            }
        }
        return result
    }

    static func fact(_ record: DMARCRecord) -> DMARCRecordFact {
        let strict = DMARCRecord(record.text, basis: .rfc7489)
        let uri: (DMARCRecord.ReportURI) -> DMARCURIFact = {
            DMARCURIFact(uri: $0.uri, scheme: $0.scheme, address: $0.address, maxSize: $0.maxSize)
        }
        return DMARCRecordFact(
            text: record.text, validRFC9989: record.isValid, errorsRFC9989: record.errors,
            validRFC7489: strict.isValid, errorsRFC7489: strict.errors,
            tags: record.tags.map { DMARCTagFact(name: $0.name, value: $0.value) },
            p: record.policy?.rawValue, pExplicit: record.policyExplicit, pFollowsV: record.policyFollowsVersion,
            sp: record.subdomainPolicy?.rawValue, np: record.nonexistentSubdomainPolicy?.rawValue,
            adkim: record.dkimAlignment.rawValue, aspf: record.spfAlignment.rawValue, fo: record.failureOptions,
            rua: record.aggregateReports.map(uri), ruf: record.failureReports.map(uri), pct: strict.percentage,
            psd: record.publicSuffixDomain, t: record.testing, removedTags: record.removedTags, unknownTags: record.unknownTags)
    }
}
