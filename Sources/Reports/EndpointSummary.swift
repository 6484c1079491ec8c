import MailFacts

/// One line per probed server (MX and submission) for the reports: what the probe saw, in
/// words, with no judgement (the findings judge).
public struct EndpointSummary: Sendable, Equatable {
    public var server: String
    public var service: String
    public var connection: String
    public var tls: String
    public var certificate: String
    public var dane: String
    /// Per version the acceptance scan found accepted: its suites by NCSC-NL grade.
    public var accepted: [AcceptedVersion]

    /// One row of a server's versions × grades table.
    public struct AcceptedVersion: Sendable, Equatable {
        public var version: String
        /// The number of suites of each grade (`TLSSuiteGrades.Grade` order).
        public var counts: [Int]
        /// `server order`, `client order`, or empty (fewer than two suites).
        public var order: String
        /// The suites graded phase out or insufficient, worst first.
        public var needAction: [String]
    }

    public static func rows(_ facts: FactSet, grades: TLSSuiteGrades? = .builtin) -> [EndpointSummary] {
        ((facts.smtp?.endpoints ?? []) + (facts.submission?.endpoints ?? [])).map { EndpointSummary($0, grades: grades) }
    }

    init(_ endpoint: SMTPEndpointFact, grades: TLSSuiteGrades?) {
        accepted = []
        // Only a full scan knows every suite of a version: one handshake per version would
        // read as "accepts one suite".
        if let grades, let scan = endpoint.tlsScan, scan.depth == "full" {
            accepted = scan.versions.filter(\.accepted).map { version in
                let graded = version.ciphers.map { ($0, grades.grade($0)) }
                return AcceptedVersion(
                    version: version.version,
                    counts: TLSSuiteGrades.Grade.allCases.map { grade in graded.filter { $0.1 == grade }.count },
                    order: version.serverOrder.map { $0 ? "server order" : "client order" } ?? "",
                    needAction: graded.filter { $0.1 == .insufficient }.map(\.0) + graded.filter { $0.1 == .phaseOut }.map(\.0))
            }
        }
        server = endpoint.address.isEmpty ? endpoint.host : "\(endpoint.host) [\(endpoint.address)]:\(endpoint.port)"
        service = endpoint.service.rawValue
        if let failure = endpoint.failure {
            connection = "\(failure.step.rawValue): \(failure.kind.rawValue)"
        } else if let greeting = endpoint.greeting {
            connection = "ok, greeting after \(Self.seconds(greeting.firstByteSeconds))"
                + (endpoint.authBeforeTLS.isEmpty ? "" : ", AUTH \(endpoint.authBeforeTLS.joined(separator: " ")) before TLS")
        } else {
            connection = endpoint.outcome.rawValue
        }
        if let tls = endpoint.tls {
            switch tls.status {
            case .ok:
                self.tls = [tls.version, tls.cipher, tls.group].compactMap { $0 }.joined(separator: " ") + (tls.implicit ? " (implicit)" : "")
                    + (endpoint.tlsScan.map { Self.scan($0, versions: grades == nil) } ?? endpoint.tlsVersions.map { versions in
                        " · accepts " + versions.filter { $0.value == .accepted }.keys.sorted().joined(separator: ", ")
                    } ?? "")
            case .failed: self.tls = "handshake failed: \(tls.error ?? "?")"
            case .notOffered: self.tls = "STARTTLS not offered"
            case .starttlsRefused: self.tls = "STARTTLS refused"
            case .notReached: self.tls = "not reached"
            }
            if let leaf = tls.chain.first {
                var parts = ["\(leaf.keyType) \(leaf.keyBits)", Self.trust(tls)]
                if let names = tls.namesHost { parts.append(names ? "names the host" : "names \(leaf.dnsNames.joined(separator: ", "))") }
                if let days = tls.daysToExpiry { parts.append(days < 0 ? "expired \(-days) days ago" : "expires in \(days) days") }
                certificate = parts.joined(separator: ", ")
            } else {
                certificate = "none"
            }
        } else {
            tls = "not reached"
            certificate = "none"
        }
        dane = endpoint.dane.map { Self.words($0.status) + ($0.unusableRecords.isEmpty ? "" : ", \($0.unusableRecords.count) unusable") } ?? "-"
    }

    /// The acceptance scan in one phrase: the versions accepted with their number of suites
    /// and order, the groups, the DH size, and what it cost.
    static func scan(_ scan: TLSScanFact, versions withVersions: Bool) -> String {
        if scan.versions.isEmpty { return " · acceptance scan " + (scan.cutShort ?? "not made") }
        let versions = scan.versions.filter(\.accepted).map { version in
            "\(version.version) (\(version.ciphers.count) suite\(version.ciphers.count == 1 ? "" : "s")"
                + (version.serverOrder.map { $0 ? ", server order" : ", client order" } ?? "") + ")"
        }
        // With grades at hand the versions are rows of their own (`accepted`).
        var parts = withVersions ? [" · accepts " + (versions.isEmpty ? "no version tried" : versions.joined(separator: ", "))] : [""]
        if !scan.groups.isEmpty { parts.append("groups " + scan.groups.joined(separator: " ")) }
        if let bits = scan.dhBits { parts.append("DH \(bits) bits") }
        parts.append("\(scan.handshakes) handshakes in \(Self.seconds(scan.seconds))" + (scan.cutShort.map { ", cut short: \($0)" } ?? ""))
        return parts.joined(separator: " · ")
    }

    /// A versions × grades row in words: `6 sufficient · 21 insufficient`, the order, and the
    /// suites that need action (at most `shown`, then how many more).
    public static func words(_ row: AcceptedVersion, shown: Int = 4) -> (grades: String, order: String, needAction: String) {
        let grades = zip(TLSSuiteGrades.Grade.allCases, row.counts).filter { $0.1 > 0 }.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: " · ")
        let more = row.needAction.count > shown ? " (+\(row.needAction.count - shown) more)" : ""
        return (grades, row.order, row.needAction.prefix(shown).joined(separator: ", ") + more)
    }

    /// A DANE status as people say it.
    static func words(_ status: DANEStatus) -> String {
        switch status {
        case .noRecords: "no TLSA records"
        case .lookupFailed: "TLSA lookup failed"
        case .notSecure: "TLSA records not DNSSEC-secure (ignored)"
        case .noUsableRecords: "no usable TLSA records"
        case .noTLS: "no TLS to check"
        case .match: "TLSA matches"
        case .mismatch: "TLSA does not match"
        }
    }

    static func seconds(_ value: Double) -> String {
        value < 1 ? "\(Int((value * 1000).rounded())) ms" : "\((value * 10).rounded() / 10) s"
    }

    /// The chain's trust in words. OpenSSL stops verifying at an expired certificate
    /// (X509_V_ERR_CERT_HAS_EXPIRED, 10), so such a chain is "expired", with its trust
    /// otherwise not established: never "untrusted", which smtp.cert-untrusted does not say.
    public static func trust(_ tls: TLSFact) -> String {
        if tls.trusted == true { return "trusted" }
        if tls.verifyCode == 10 { return "expired (whether the chain is otherwise trusted was not established)" }
        return "untrusted (\(tls.verifyReason ?? "?"))"
    }
}
