import Foundation
import MailFacts

extension SMTPSessionResult {
    /// The TLS facts of the session for `host` (nil: no name check): the handshake, the
    /// served chain with its trust, name and expiry, or why there is no TLS.
    public func tlsFact(host: String?, context: TLSClientContext, now: Date = Date()) -> TLSFact? {
        guard let tls else {
            // Where the dialogue got to EHLO without TLS, say why there is none.
            guard let ehlo else { return greeting == nil ? nil : TLSFact(status: .notReached, implicit: false) }
            if let reply = starttlsReply, reply.isTemporary {
                return TLSFact(status: .notReached, implicit: false, error: "STARTTLS answered \(reply.code): \(reply.text)")
            }
            if let reply = starttlsReply, reply.code != 220 {
                return TLSFact(status: .starttlsRefused, implicit: false, error: "STARTTLS answered \(reply.code): \(reply.text)")
            }
            if failure?.step == .starttls {
                return TLSFact(status: .failed, implicit: false, error: failure?.detail)
            }
            return ehlo.has("STARTTLS") ? TLSFact(status: .notReached, implicit: false) : TLSFact(status: .notOffered, implicit: false)
        }
        var fact = TLSFact(status: tls.error == nil ? .ok : .failed, implicit: tls.implicit, error: tls.error, version: tls.version,
                           cipher: tls.cipher, group: tls.group)
        fact.serverName = tls.serverName
        guard !tls.chain.isEmpty else { return fact }
        fact.chain = CertificateReader.facts(tls.chain)
        if let trust = ChainVerifier.trust(chain: tls.chain, context: context) {
            fact.trusted = trust.trusted
            fact.verifyCode = trust.code
            fact.verifyReason = trust.reason
        }
        fact.namesHost = host.flatMap { ChainVerifier.leafNames($0, chain: tls.chain) }
        fact.daysToExpiry = ChainVerifier.daysToExpiry(chain: tls.chain, now: now)
        return fact
    }
}
