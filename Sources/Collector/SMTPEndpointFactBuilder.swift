import Foundation
import MailFacts
import MailRecords
import SMTPProbe

/// Turns a probe session into the facts of one endpoint as one host name reaches it: the
/// dialogue as it went, plus what depends on the name (the certificate naming it, DANE).
enum SMTPEndpointFactBuilder {
    static func fact(host: String, family: String, service: String, session: SMTPSessionResult, reused: Bool,
                     tlsa: TLSASetFact?, context: TLSClientContext) -> SMTPEndpointFact {
        var fact = SMTPEndpointFact(host: host, address: session.address, family: family, port: Int(session.port), service: service,
                                    outcome: session.failure.map { $0.kind.rawValue } ?? "ok")
        fact.failure = session.failure.map { SMTPFailureFact(step: $0.step.rawValue, kind: $0.kind.rawValue, detail: $0.detail) }
        if session.failure?.kind == .deadlineExceeded {
            fact.probe = ProbeRunFact(outcome: "deadline-exceeded", detail: session.failure?.detail)
        }
        fact.connectMilliseconds = session.connectSeconds.map { ($0 * 1000 * 10).rounded() / 10 }
        fact.milliseconds = (session.seconds * 1000 * 10).rounded() / 10
        fact.reused = reused
        if let greeting = session.greeting {
            fact.greeting = SMTPGreetingFact(code: greeting.code, lines: greeting.lines, name: EHLOResponse.greetingName(greeting),
                                             firstByteSeconds: Self.round(session.greetingFirstByteSeconds ?? 0),
                                             seconds: Self.round(session.greetingSeconds ?? 0))
        }
        fact.ehlo = session.ehlo.map(Self.ehlo)
        fact.ehloAfterTLS = session.ehloAfterTLS.map(Self.ehlo)
        // With implicit TLS the first EHLO is already inside TLS.
        fact.authBeforeTLS = session.tls?.implicit == true ? [] : session.ehlo?.authMechanisms ?? []
        fact.tls = tlsFact(session, host: host, context: context)
        if let tlsa { fact.dane = dane(tlsa, session: session, host: host, context: context) }
        return fact
    }

    static func ehlo(_ response: EHLOResponse) -> EHLOFact {
        EHLOFact(domain: response.domain, keywords: response.extensions.map(\.keyword),
                 extensions: response.extensions.map { SMTPExtensionFact(keyword: $0.keyword, parameters: $0.parameters) },
                 size: response.sizeLimit, authMechanisms: response.authMechanisms, starttls: response.has("STARTTLS"))
    }

    static func tlsFact(_ session: SMTPSessionResult, host: String, context: TLSClientContext) -> TLSFact? {
        guard let tls = session.tls else {
            // Where the dialogue got to EHLO without TLS, say why there is none.
            guard let ehlo = session.ehlo else { return session.greeting == nil ? nil : TLSFact(status: "not-reached", implicit: false) }
            if let reply = session.starttlsReply, reply.code != 220 {
                return TLSFact(status: "starttls-refused", implicit: false, error: "STARTTLS answered \(reply.code): \(reply.text)")
            }
            if session.failure?.step == .starttls {
                return TLSFact(status: "failed", implicit: false, error: session.failure?.detail)
            }
            return ehlo.has("STARTTLS") ? TLSFact(status: "not-reached", implicit: false) : TLSFact(status: "not-offered", implicit: false)
        }
        var fact = TLSFact(status: tls.error == nil ? "ok" : "failed", implicit: tls.implicit, error: tls.error, version: tls.version,
                           cipher: tls.cipher, group: tls.group)
        guard !tls.chain.isEmpty else { return fact }
        fact.chain = CertificateReader.facts(tls.chain)
        if let trust = ChainVerifier.trust(chain: tls.chain, context: context) {
            fact.trusted = trust.trusted
            fact.verifyCode = trust.code
            fact.verifyReason = trust.reason
        }
        fact.namesHost = ChainVerifier.leafNames(host, chain: tls.chain)
        fact.daysToExpiry = ChainVerifier.daysToExpiry(chain: tls.chain)
        return fact
    }

    /// RFC 7672 §2.2: TLSA records count only when DNSSEC-validated (the AD bit of a
    /// validating resolver).
    static func dane(_ tlsa: TLSASetFact, session: SMTPSessionResult, host: String, context: TLSClientContext) -> DANEFact {
        if tlsa.lookup.outcome.isFailure { return DANEFact(status: "lookup-failed", detail: tlsa.lookup.detail ?? tlsa.lookup.outcome.rawValue) }
        if tlsa.records.isEmpty { return DANEFact(status: "no-records") }
        let unusable = tlsa.records.filter { $0.usage == 0 || $0.usage == 1 }
        guard tlsa.lookup.authenticData else { return DANEFact(status: "not-secure", unusableRecords: unusable) }
        guard let chain = session.tls?.chain, session.tls?.error == nil, !chain.isEmpty else {
            let usable = tlsa.records.contains { $0.usage == 2 || $0.usage == 3 }
            return DANEFact(status: usable ? "no-tls" : "no-usable-records", unusableRecords: unusable)
        }
        return ChainVerifier.dane(chain: chain, host: host, records: tlsa.records, context: context)
    }

    static func round(_ seconds: Double) -> Double { (seconds * 1000).rounded() / 1000 }
}
