import MailFacts

/// Reads the one-record policies (MTA-STS, TLS-RPT, BIMI) from their TXT sets.
public enum PolicyRecordReader {
    public enum Kind: Sendable { case mtaSts, tlsRpt, bimi }

    /// `texts` is nil when the lookup failed (`failure` says how).
    public static func read(_ kind: Kind, name: String, texts: [String]?, failure: String? = nil) -> PolicyRecordFacts {
        guard let texts else {
            var facts = PolicyRecordFacts(name: name, status: .lookupFailed)
            facts.errors = [failure ?? "the lookup failed"]
            return facts
        }
        let records: [String]
        switch kind {
        case .mtaSts: records = texts.filter(MTASTSRecord.isMTASTS)
        case .tlsRpt: records = texts.filter(TLSRPTRecord.isTLSRPT)
        case .bimi: records = texts.filter(BIMIRecord.isBIMI)
        }
        var facts = PolicyRecordFacts(name: name, status: .none, records: records)
        guard !records.isEmpty else { return facts }
        guard records.count == 1 else {
            facts.status = .multipleRecords
            facts.errors = ["\(records.count) records; only one may be published"]
            return facts
        }
        switch kind {
        case .mtaSts:
            let record = MTASTSRecord(records[0])
            facts.errors = record.errors
            facts.id = record.id
        case .tlsRpt:
            let record = TLSRPTRecord(records[0])
            facts.errors = record.errors
            facts.reportURIs = record.reportURIs
        case .bimi:
            let record = BIMIRecord(records[0])
            facts.errors = record.errors
            facts.logo = record.logo
            facts.evidence = record.evidence
            facts.declination = record.isDeclination
        }
        facts.valid = facts.errors.isEmpty
        facts.status = facts.errors.isEmpty ? .valid : .invalid
        return facts
    }
}
