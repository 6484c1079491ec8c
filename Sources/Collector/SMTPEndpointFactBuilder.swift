import Foundation
import MailFacts
import MailRecords
import SMTPProbe

/// Turns a probe session into the facts of one endpoint as one host name reaches it: the
/// dialogue as it went, plus what depends on the name (the certificate naming it, DANE).
public enum SMTPEndpointFactBuilder {
    public static func fact(host: String, family: AddressFamily, service: EndpointService, session: SMTPSessionResult, reused: Bool,
                     tlsa: TLSASetFact?, context: TLSClientContext, now: Date = Date()) -> SMTPEndpointFact {
        var fact = SMTPEndpointFact(host: host, address: session.address, family: family, port: Int(session.port), service: service,
                                    outcome: SMTPEndpointOutcome(failure: session.failure?.kind))
        fact.failure = session.failure
        switch session.failure?.kind {
        case .deadlineExceeded?: fact.probe = ProbeRunFact(outcome: .deadlineExceeded, detail: session.failure?.detail)
        case .busy?:
            fact.probe = ProbeRunFact(outcome: .busy, detail: "\(host) at \(session.address) port \(session.port): "
                                      + "\(session.failure?.detail ?? "a temporary refusal"); the server is busy or limits this client, "
                                      + "so nothing about it was measured: try later")
        case .noRoute?: fact.probe = ProbeRunFact(outcome: .noRoute, detail: session.failure?.detail)
        default: break
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
        fact.tls = session.tlsFact(host: host, context: context, now: now)
        if let tlsa { fact.dane = dane(tlsa, session: session, host: host, context: context) }
        return fact
    }

    static func ehlo(_ response: EHLOResponse) -> EHLOFact {
        EHLOFact(domain: response.domain, keywords: response.extensions.map(\.keyword),
                 extensions: response.extensions.map { SMTPExtensionFact(keyword: $0.keyword, parameters: $0.parameters) },
                 size: response.sizeLimit, authMechanisms: response.authMechanisms, starttls: response.has("STARTTLS"))
    }

    /// RFC 7672 §2.2: TLSA records count only when DNSSEC-validated (the AD bit of a
    /// validating resolver).
    static func dane(_ tlsa: TLSASetFact, session: SMTPSessionResult, host: String, context: TLSClientContext) -> DANEFact {
        if tlsa.lookup.outcome.isFailure { return DANEFact(status: .lookupFailed, detail: tlsa.lookup.detail ?? tlsa.lookup.outcome.rawValue) }
        if tlsa.records.isEmpty { return DANEFact(status: .noRecords) }
        if tlsa.dnssec == .bogus {
            // RFC 7672 §2.1.1: bogus TLSA records are not "no DANE"; a DANE sender defers.
            return DANEFact(status: .lookupFailed, detail: "the TLSA records fail DNSSEC validation"
                            + (tlsa.validation.map { " (\($0.reason))" } ?? "") + ": DANE senders defer mail to this host")
        }
        guard tlsa.dnssec.map({ $0 == .secure }) ?? tlsa.lookup.authenticData else {
            return DANEFact(status: .notSecure, unusableRecords: ChainVerifier.unusableRecords(tlsa.records))
        }
        // Without a completed handshake the chain is empty, which ChainVerifier reports as
        // `no-tls` (or `no-usable-records`).
        let chain = session.tls?.error == nil ? session.tls?.chain ?? [] : []
        return ChainVerifier.dane(chain: chain, host: host, records: tlsa.records, context: context)
    }

    static func round(_ seconds: Double) -> Double { (seconds * 1000).rounded() / 1000 }
}
